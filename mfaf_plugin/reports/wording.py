"""The one wording of a comparison between two methods, for every sentence of every report.

A comparison is worded from the paired difference a - b of a figure and its 95 % interval
(:func:`mfaf_plugin.scoring.intervals.paired_difference`, judged by
:func:`~mfaf_plugin.scoring.intervals.verdict`), and the difference is always shown beside the
words: "better" only when the interval excludes 0, "cannot be told apart" when it contains 0,
whatever the two methods' own intervals look like (they may overlap while the paired difference
excludes 0: both methods are scored on the same resamples).
"""

from ..common.numbers import number
from ..scoring.intervals import verdict

__all__ = ["difference_words", "comparison_sentence"]


def difference_words(diff, low, high) -> str:
    """'paired difference +0.021 (95 % interval +0.008 to +0.034)'."""
    return "paired difference {} (95 % interval {} to {})".format(
        number(diff, "{:+.3f}"), number(low, "{:+.3f}"), number(high, "{:+.3f}"))


def comparison_sentence(a: str, b: str, diff, low, high, what: str = "ranks unseen ground") -> str:
    """One sentence comparing method ``a`` with ``b`` from the paired difference a - b of a figure
    and its interval ``(low, high)``; ``what`` says what 'better' is about."""
    shown = difference_words(diff, low, high)
    v = verdict(float("nan") if low is None else low, float("nan") if high is None else high)
    if v == "a better":
        text = "{} {} better than {}: {}, which excludes 0.".format(a, what, b, shown)
    elif v == "b better":
        text = "{} {} better than {}: {}, which excludes 0.".format(b, what, a, shown)
    elif v == "no conclusion":
        text = "{} and {} cannot be told apart: {}, which includes 0.".format(a, b, shown)
    else:
        text = "{} and {} cannot be compared: the paired difference could not be measured.".format(a, b)
    return text[:1].upper() + text[1:]
