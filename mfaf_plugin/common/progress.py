"""Plain callbacks the core uses for progress and cancel (no QGIS types).

Core functions take ``progress: Callable[[float], None]`` (fraction 0..1) and
``is_canceled: Callable[[], bool]``, check cancel once per tile, batch or epoch and raise
:class:`~mfaf_plugin.common.errors.Canceled`. :class:`Steps` splits one progress range into
sub-steps, like QGIS's ``QgsProcessingMultiStepFeedback``.
"""

from typing import Callable, Optional

from .errors import Canceled

__all__ = ["Progress", "Steps", "check_canceled", "noop_progress", "never_canceled"]

Progress = Callable[[float], None]


def noop_progress(_fraction: float) -> None:
    return None


def never_canceled() -> bool:
    return False


def check_canceled(is_canceled: Optional[Callable[[], bool]]) -> None:
    """Raise :class:`Canceled` when the user asked to stop."""
    if is_canceled is not None and is_canceled():
        raise Canceled()


class Steps:
    """Map the progress of step ``i`` of ``n`` onto the parent's 0..1 range.

    >>> seen = []; s = Steps(seen.append, 2); s.step(1)(0.5); seen
    [0.75]
    """

    def __init__(self, progress: Optional[Progress], n_steps: int):
        self._progress = progress or noop_progress
        self._n = max(1, int(n_steps))

    def step(self, i: int) -> Progress:
        def report(fraction: float) -> None:
            f = min(1.0, max(0.0, float(fraction)))
            self._progress((i + f) / self._n)

        return report
