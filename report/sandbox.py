"""The template sandbox: jinja2's SandboxedEnvironment, kept inside the template folder and bounded in time.

* **Folder**: an ``{% include %}`` / ``{% import %}`` / ``{% extends %}`` is refused when the file,
  with every symbolic link resolved, lies outside the resolved template folder
  (:class:`FolderLoader`); jinja2's own loader refuses ``..`` but follows links.
* **Time**: the report runs on the main thread, so a template that loops for ever would freeze
  QGIS. Every ``{% for %}`` iteration and every call made by the template (macros, methods,
  ``range()``) checks the deadline and the cancel callback (:class:`BoundedEnvironment`); a
  pure-template busy loop such as two nested ``range(100000)`` loops stops within one iteration.
  One operation cannot be stopped half-way, so ``*`` and ``**`` refuse results beyond
  :data:`MAX_ITEMS` items or :data:`MAX_BITS` bits (``'x' * 10**10``, ``10 ** 10 ** 9``).

Needs jinja2 >= 3.0 (``pass_context``); imported only when a report is rendered.
"""
import time
from pathlib import Path

from jinja2 import FileSystemLoader, TemplateNotFound, nodes, pass_context
from jinja2.compiler import CodeGenerator
from jinja2.exceptions import SecurityError
from jinja2.loaders import split_template_path
from jinja2.sandbox import SandboxedEnvironment

from ..kernels.errors import Cancelled

#: the longest text or list a template may make with ``*`` (a report is far shorter)
MAX_ITEMS = 10_000_000
#: the largest whole number a template may make with ``**``, in bits (about 300,000 digits)
MAX_BITS = 1_000_000

#: the filter the compiler wraps around every loop's iterable (see :class:`_CheckedLoops`)
_CHECKED = "wertvoll_checked"


class OutsideFolder(TemplateNotFound):
    """An included file that lies outside the template folder once links are resolved."""


class TimeUp(Exception):
    """Filling in the template took longer than its time limit (``args[0]``, seconds)."""


class FolderLoader(FileSystemLoader):
    """jinja2's file loader for one template folder that refuses files outside it, links resolved."""

    def __init__(self, folder):
        super().__init__(str(folder))
        self.root = Path(folder).resolve()

    def get_source(self, environment, template):
        path = self.root.joinpath(*split_template_path(template)).resolve()
        if path != self.root and self.root not in path.parents:
            raise OutsideFolder(template)
        return super().get_source(environment, template)


class _Checked:
    """*iterable* checking the template's limits before every item; its length stays known."""

    def __init__(self, iterable, check):
        self.iterable, self.check = iterable, check

    def __iter__(self):
        for item in self.iterable:
            self.check()
            yield item

    def __len__(self):
        return len(self.iterable)


@pass_context  # never folded into a constant at compile time: it runs when the loop does
def _checked(context, iterable):
    return _Checked(iterable, context.environment.check)


class _CheckedLoops(CodeGenerator):
    """The code generator: every ``{% for %}`` iterates through the ``wertvoll_checked`` filter."""

    def visit_Template(self, node, frame=None):  # noqa: N802 - jinja2's visitor naming
        # before the generator collects the filters a template uses
        for loop in node.find_all(nodes.For):
            if not (isinstance(loop.iter, nodes.Filter) and loop.iter.name == _CHECKED):
                loop.iter = nodes.Filter(loop.iter, _CHECKED, [], [], None, None, lineno=loop.iter.lineno)
        super().visit_Template(node, frame)


def _too_large(operator, left, right):
    """True when ``left operator right`` would be a text, list or number too large to make in one go."""
    if operator == "**":
        return (isinstance(left, int) and isinstance(right, int) and abs(left) > 1
                and right * abs(left).bit_length() > MAX_BITS)
    return any(isinstance(sequence, (str, list, tuple)) and isinstance(times, int)
               and len(sequence) * times > MAX_ITEMS for sequence, times in ((left, right), (right, left)))


class BoundedEnvironment(SandboxedEnvironment):
    """A sandbox whose loops and calls stop at a deadline (:class:`TimeUp`) or on cancel (``Cancelled``).

    The deadline is *time_limit* seconds after the environment was made: make one per rendering.
    """

    code_generator_class = _CheckedLoops
    intercepted_binops = frozenset({"*", "**"})  # also keeps jinja2 from computing them when compiling

    def __init__(self, folder, time_limit, is_cancelled=None, **options):
        super().__init__(loader=FolderLoader(folder), **options)
        self.filters[_CHECKED] = _checked
        self.time_limit, self.is_cancelled = time_limit, is_cancelled
        self.deadline = time.monotonic() + time_limit

    def check(self):
        if self.is_cancelled is not None and self.is_cancelled():
            raise Cancelled()
        if time.monotonic() > self.deadline:
            raise TimeUp(self.time_limit)

    def call(self, context, obj, /, *args, **kwargs):  # every call the template makes
        self.check()
        return super().call(context, obj, *args, **kwargs)

    def call_binop(self, context, operator, left, right):
        self.check()
        if _too_large(operator, left, right):
            raise SecurityError(f"the result of '{operator}' would be too large")
        return super().call_binop(context, operator, left, right)
