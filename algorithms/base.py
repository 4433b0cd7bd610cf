"""The one small base class every WERTvoll Processing algorithm derives from.

It holds what all algorithms share — translation, groups, icon, help link, dependency check,
the ``validate()`` hook used both before and at the start of a run, and the bridge from a
kernel's progress/cancel callbacks and errors to Processing's ``feedback`` and
``QgsProcessingException`` — so that each algorithm file only declares its parameters,
validates them and calls its kernel. Reading layers is in ``vector_io.py`` and
``raster_io.py``, writing and taking back outputs in ``outputs.py``.
"""
import inspect
from contextlib import contextmanager

from qgis.core import QgsProcessingAlgorithm, QgsProcessingException
from qgis.PyQt.QtGui import QIcon

from ..about import ICON_PATH, PLUGIN_DIR
from ..compat import FLAG_ADVANCED
from ..dependencies import hint, problems
from ..i18n import tr
from ..kernels.errors import N_, Cancelled, KernelError
from .help import short_help
from .help import text as help_text_of
from .outputs import OutputsMixin
from .vector_io import SourcesMixin

# group id -> English display name (translated at run time)
GROUPS = {
    "compensation": N_("Compensation"),
    "water": N_("Water & floods"),
    "network": N_("Biotope network"),
    "report": N_("Reports"),
}

#: the user guide as offline HTML, one folder per language (built by scripts/make_help.py)
HELP_DIR = PLUGIN_DIR / "resources" / "help"


def help_page(name, language=None):
    """The bundled help page ``resources/help/<language>/<name>.html``, or None when there is none.

    *language* defaults to the plugin's UI language (:func:`i18n.user_language`, the one
    the translator is installed for); a page missing in that language falls back to English.
    """
    from ..i18n import user_language

    for lang in dict.fromkeys((language or user_language(), "en")):
        page = HELP_DIR / lang / f"{name}.html"
        if page.is_file():
            return page
    return None


@contextmanager
def kernel_errors():
    """Turn a :class:`KernelError` raised inside the block into a translated ``QgsProcessingException``."""
    try:
        yield
    except KernelError as error:
        raise QgsProcessingException(tr(error.template).format(**error.params)) from error


class WertvollAlgorithm(OutputsMixin, SourcesMixin, QgsProcessingAlgorithm):
    """Base of all WERTvoll algorithms. Subclasses set the class attributes below."""

    NAME = ""  # fixed lowercase id, e.g. "compensationscreening"
    GROUP_ID = ""  # one of GROUPS
    DISPLAY_NAME = ""  # English, marked with N_()
    SHORT_HELP = ""  # the dialog's summary, English, marked with N_() (a tuple of N_() pieces: help.py)
    REQUIRES = ("numpy", "shapely")  # import names the kernel needs

    # -- identity ---------------------------------------------------------------
    def tr(self, text):  # noqa: D102 - Processing convention
        return tr(text)

    def createInstance(self):  # noqa: N802
        return type(self)()

    def name(self):
        return self.NAME

    def displayName(self):  # noqa: N802
        return self.tr(self.DISPLAY_NAME)

    def groupId(self):  # noqa: N802
        return self.GROUP_ID

    def group(self):
        return self.tr(GROUPS[self.GROUP_ID])

    def shortHelpString(self):  # noqa: N802
        return short_help(self.SHORT_HELP, self.helpUrl())

    def icon(self):
        return QIcon(str(ICON_PATH))

    def svgIconPath(self):  # noqa: N802
        return str(ICON_PATH)

    def helpUrl(self):  # noqa: N802
        """The algorithm's page of the bundled user guide as a file:// URL (works offline)."""
        from qgis.PyQt.QtCore import QUrl

        page = help_page(self.NAME)
        return QUrl.fromLocalFile(str(page)).toString() if page is not None else ""

    # -- checks before the run ----------------------------------------------------------
    def canExecute(self):  # noqa: N802
        """False with a translated message when a Python package is missing, too old or broken."""
        missing = problems(self.REQUIRES)
        return (False, hint(missing)) if missing else (True, "")

    def checkParameterValues(self, parameters, context):  # noqa: N802
        """QGIS's checks, then: every output file can be written and is no input, then :meth:`validate`."""
        ok, message = super().checkParameterValues(parameters, context)
        if not ok:
            return ok, message
        try:
            self._check_outputs(parameters, context)
            self.validate(parameters, context)
        except QgsProcessingException as error:
            return False, str(error)
        return True, ""

    def _check_outputs(self, parameters, context):
        """Every output file can be written and none of them is an input file; else the message."""
        problem = self.unwritable_output(parameters) or self.output_over_input(parameters, context)
        if problem:
            raise QgsProcessingException(problem)

    def validate(self, parameters, context):
        """The algorithm's own checks of the parameter values: raise ``QgsProcessingException``.

        Called in the dialog (through :meth:`checkParameterValues`, so the message shows before
        anything runs) and again at the start of the run (a model or a script may skip the first).
        """

    def prepareAlgorithm(self, parameters, context, feedback):  # noqa: N802
        """Refuse to run without the needed packages (qgis_process does not ask canExecute)."""
        ok, message = self.canExecute()
        if not ok:
            raise QgsProcessingException(message)
        return True

    # -- the run ---------------------------------------------------------------------
    def processAlgorithm(self, parameters, context, feedback):  # noqa: N802
        """:meth:`validate`, then :meth:`process`; a cancel or an error takes the outputs back.

        A cancel (``Cancelled`` from a kernel or reader) that lands after the last check (while
        the outputs are written) counts too. Either way the outputs made so far are taken back
        (:meth:`discard_outputs`) and the run returns no result.
        """
        self._made_outputs, self._feedback = [], feedback
        error = None
        try:
            self._check_outputs(parameters, context)  # again: a model or a script skips the dialog's check
            self.validate(parameters, context)
            results = self.process(parameters, context, feedback)
        except Cancelled:
            results = None
        except QgsProcessingException as exception:  # e.g. the second output cannot be created
            results, error = None, str(exception)
        if error is not None:  # no half result: the outputs made before the error go too
            self.discard_outputs(context)
            raise QgsProcessingException(error)
        if results is not None and not (feedback is not None and feedback.isCanceled()):
            self.record_provenance(parameters, context)
            self.keep_outputs()
            return results
        # outside the except block: the traceback no longer holds the frames with the open sinks
        results = None
        self.discard_outputs(context)
        if feedback is not None:
            feedback.reportError(self.tr("Cancelled by the user; no result was written."))
        return {}

    def process(self, parameters, context, feedback):
        """The algorithm's work (worker thread: no GUI, no QgsProject.instance())."""
        raise NotImplementedError

    # -- provenance ---------------------------------------------------------------------
    def tables_used(self, parameters, context):
        """``(parameter, path)`` of the tables the run read: each file parameter's file, else its default."""
        return [(d.name(), self.parameterAsFile(parameters, d.name(), context)
                 or self.default_file(d.name(), parameters, context))
                for d in self.parameterDefinitions() if d.type() == "file"]

    def default_file(self, name, parameters, context):
        """The shipped file the run reads when the file parameter *name* is left empty (None: none)."""
        return

    def help_source(self, name):
        """The English help text (string or N_() pieces) given to :meth:`add_parameter` for *name*."""
        return getattr(self, "_help_sources", {}).get(name, "")

    def record_provenance(self, parameters, context):
        """Write the run's provenance record (algorithms/provenance.py) into every output it made.

        Never fails the run: a record that cannot be made or stored is a warning.
        """
        from . import provenance

        made = [output for output in getattr(self, "_made_outputs", []) if output.dest_id]
        try:
            entry = provenance.record(self, parameters, context, self.tables_used(parameters, context))
            failed = provenance.write_record(entry, made, context)
        except (OSError, ValueError, QgsProcessingException, KernelError) as error:
            failed = [f"{output.name} ({error})" for output in made]
        if failed and self._feedback is not None:
            self._feedback.pushWarning(self.tr("The record of how it was made could not be stored in: {outputs}")
                                       .format(outputs=", ".join(str(name) for name in failed)))

    # -- helpers for subclasses -------------------------------------------------
    def add_parameter(self, parameter, help_text, advanced=False):
        """Add *parameter* with translated help; *advanced* hides it under 'Advanced'."""
        parameter.setHelp(help_text_of(help_text))  # a string or a tuple of N_() pieces
        self._help_sources = {**getattr(self, "_help_sources", {}), parameter.name(): help_text}
        if advanced:
            parameter.setFlags(parameter.flags() | FLAG_ADVANCED)
        if not self.addParameter(parameter):  # False only for a name used twice: a programming error
            raise ValueError(f"{type(self).__name__}: parameter {parameter.name()} added twice")
        return parameter

    def add_output(self, output):
        """``addOutput`` with its result checked (False only for a name used twice: a programming error)."""
        if not self.addOutput(output):
            raise ValueError(f"{type(self).__name__}: output {output.name()} added twice")
        return output

    def run_kernel(self, feedback, function, *args, progress_range=(0.0, 100.0), **kwargs):
        """Run a kernel with feedback bridged in; translate its errors.

        The kernel gets ``progress`` (mapped into *progress_range* of the whole run)
        and ``is_cancelled`` callbacks, and ``log`` when it names its steps (the
        step texts, translated, go to the Processing log); a :class:`KernelError`
        becomes a translated ``QgsProcessingException``; :class:`Cancelled` propagates.
        """
        low, high = progress_range

        def progress(percent):
            feedback.setProgress(low + (high - low) * percent / 100.0)

        if feedback and "log" not in kwargs and "log" in inspect.signature(function).parameters:
            def log(template, **params):
                feedback.pushInfo(self.tr(template).format(**params))

            kwargs["log"] = log
        with kernel_errors():
            return function(*args, progress=progress if feedback else None,
                            is_cancelled=feedback.isCanceled if feedback else None, **kwargs)

    def report_warnings(self, feedback, warnings):
        """Push a kernel's (template, params) warnings to the log, translated."""
        for template, params in warnings:
            feedback.pushWarning(self.tr(template).format(**params))
