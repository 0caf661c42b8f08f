"""accord's NLI model: loading, batching, the training recipe and the model card.

The model itself arrives with the NLI issue; the package exists now so that the
layout of docs/design.md holds from the first commit.
"""
