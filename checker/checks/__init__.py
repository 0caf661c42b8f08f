"""The checks. Each module registers its checks with `checker.registry.register_check`;
importing this package is what makes them known. Rules arrive with the checks issue.
"""
