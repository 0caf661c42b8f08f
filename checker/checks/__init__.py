"""The checks. Each module declares its checks with `checker.registry.register_check`;
importing this package is what registers them, in one place.
"""

from checker.checks import ages, details, events, nli, places, reference, roles, status, tolls, weekday

__all__ = ["ages", "details", "events", "nli", "places", "reference", "roles", "status", "tolls", "weekday"]
