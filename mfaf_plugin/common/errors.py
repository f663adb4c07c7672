"""Domain exceptions of the core pipeline.

The Processing algorithms turn every :class:`MfafError` into a ``QgsProcessingException`` with
the same message, so messages are written for a geologist: name the layer, field or parameter
and say what to do.
"""

__all__ = ["MfafError", "InputError", "Canceled", "MissingDependencyError"]


class MfafError(Exception):
    """Base class of every error the core raises on purpose."""


class InputError(MfafError, ValueError):
    """The user's data or parameters cannot be used as given."""


class Canceled(MfafError):
    """The user canceled; partial outputs have been removed."""

    def __init__(self, message: str = "Canceled by the user; no output was written."):
        super().__init__(message)


class MissingDependencyError(MfafError, ImportError):
    """A Python package the step needs (torch, scikit-learn, ...) is not importable."""
