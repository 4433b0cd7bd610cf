"""Errors raised by the kernels, translatable by the QGIS wrappers.

A kernel never shows text to a planner itself. It raises :class:`KernelError`
with an English message *template* (marked with :func:`N_` so that the
translation extractor ``scripts/i18n.py`` finds it) and keyword parameters.
The Processing wrapper translates the template and formats it::

    raise KernelError(N_("Value table line {line}: {problem}"), line=4, problem="...")

    # in the algorithm
    except KernelError as e:
        raise QgsProcessingException(self.tr(e.template).format(**e.params))
"""
import math


def N_(text):  # noqa: N802 - gettext convention
    """Mark *text* for translation without translating it (like QT_TRANSLATE_NOOP)."""
    return text


class KernelError(Exception):
    """A user error found by a kernel: bad input a planner can fix."""

    def __init__(self, template, **params):
        self.template = template
        self.params = params
        super().__init__(template.format(**params))


class Cancelled(Exception):
    """Raised by a kernel when its ``is_cancelled`` callback returned True."""


def check_number(name, value, minimum=None):
    """*value* as a finite float of at least *minimum*, else a KernelError naming the parameter."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        v = math.nan
    if not math.isfinite(v) or (minimum is not None and v < minimum):
        if minimum is None:
            raise KernelError(N_("{name} is '{value}', not a number. Enter a number."),
                              name=name, value=value)
        raise KernelError(N_("{name} is '{value}'; it must be a number of at least {minimum}. Correct it."),
                          name=name, value=value, minimum=minimum)
    return v
