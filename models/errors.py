"""The model's error type, importable without torch (the CLI catches it on every run)."""


class ModelError(RuntimeError):
    """The model cannot be loaded; the message says which path and why."""
