"""The report engine: templates, field values and rendering to HTML and Word. No QGIS, no widgets.

A template is a folder holding

* ``template.json``  -- title, the fields a planner fills in, the data slots, map figures and
  bilingual labels (see :func:`load_template`);
* ``template.html.j2`` -- a jinja2 template for the HTML report;
* ``template.docx``   -- a Word document with jinja2 tags (docxtpl), editable in Word/LibreOffice.

Rendering is sandboxed (:class:`jinja2.sandbox.SandboxedEnvironment`, see ``sandbox.py``):
templates cannot reach Python internals nor files outside their folder (links resolved), HTML is
auto-escaped, Word output is XML-escaped, and values from layers are data that is never evaluated
as template code. A template is stopped after :data:`TIME_LIMIT_S` or on cancel. Every failure of
a template (undefined names, 1/0, recursion, ...) is a ReportError that names the template file
and the line. Files are written atomically: a failed render leaves nothing behind.
"""
import base64
import datetime
import json
import math
import os
import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Optional

from ..kernels.errors import N_, Cancelled, KernelError
from ..kinds import SLOTS

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "resources" / "templates"
#: the built-in templates in the order the dock and the algorithm list them
BUILTIN_NAMES = ("kompensation", "gewaesser", "biotopverbund", "stadt-land-bilanz")
HTML_FILE = "template.html.j2"
DOCX_FILE = "template.docx"
SPEC_FILE = "template.json"
LANGUAGES = ("de", "en")
FIELD_TYPES = ("text", "date", "number", "choice")
#: ASSUMPTION: the longest filling in one template may take, in seconds. The built-in templates take
#: well under a second for thousands of rows; 30 s is far beyond any honest report and short enough
#: that a planner waits for the message instead of killing QGIS (the report runs on the main thread).
TIME_LIMIT_S = 30.0

#: slot kind -> fields by which a layer of that kind is recognised (when the layer does not carry
#: the property set by the WERTvoll algorithm that wrote it); defined in kinds.py
SLOT_KINDS = {name: kind.signature() for name, kind in SLOTS.items()}


class ReportError(KernelError):
    """A template or value problem a planner can fix (translatable template + parameters)."""


def kind_from_fields(names):
    """The slot kind whose signature fields are all among *names* (the most specific), or None."""
    present = {n.lower() for n in names}
    best = None
    for kind, signature in SLOT_KINDS.items():
        if all(f.lower() in present for f in signature) and (
                best is None or len(signature) > len(SLOT_KINDS[best])):
            best = kind
    return best


@dataclass(frozen=True)
class Limits:
    """What stops a template: *time_s* seconds (None: :data:`TIME_LIMIT_S`), or *is_cancelled()* turning True."""

    time_s: Optional[float] = None
    is_cancelled: Optional[Callable[[], bool]] = None


@dataclass
class TemplateSpec:
    name: str
    folder: Path
    title: dict
    description: dict = field(default_factory=dict)
    fields: list = field(default_factory=list)
    slots: list = field(default_factory=list)
    maps: list = field(default_factory=list)
    labels: dict = field(default_factory=dict)
    builtin: bool = False

    def text(self, value, lang):
        """*value* (a {lang: text} dict or plain text) in *lang*, German as the fallback."""
        if isinstance(value, dict):
            return value.get(lang) or value.get("de") or next(iter(value.values()), "")
        return value or ""

    def title_in(self, lang):
        return self.text(self.title, lang) or self.name

    @property
    def html_path(self):
        return self.folder / HTML_FILE

    @property
    def docx_path(self):
        return self.folder / DOCX_FILE

    def slot_kinds(self):
        return [s["kind"] for s in self.slots]


def _spec_error(name, template, **params):
    raise ReportError(template, name=name, **params)


def _read_spec(folder, name):
    """The JSON object in *folder*'s template.json; a ReportError when it is missing or no object."""
    spec_path = folder / SPEC_FILE
    if not spec_path.is_file():
        raise ReportError(N_("Template '{name}': the folder {folder} has no template.json. "
                             "Copy a built-in template folder and edit it."),
                          name=name, folder=str(folder))
    try:
        raw = json.loads(spec_path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as e:
        line = getattr(e, "lineno", "?")
        raise ReportError(N_("Template '{name}', template.json line {line}: {problem}. "
                             "Fix the JSON syntax."), name=name, line=line, problem=str(e)) from None
    if not isinstance(raw, dict):
        _spec_error(name, N_("Template '{name}': template.json must hold one JSON object {{…}}. Correct it."))
    return raw


def _check_field(name, f, seen):
    """One entry of ``fields``: an identifier not in *seen* (then added), a known type, choices."""
    fid = f.get("id") if isinstance(f, dict) else None
    if not fid or not str(fid).isidentifier():
        _spec_error(name, N_("Template '{name}': the field {field} needs an 'id' made of letters, digits and _. "
                               "Correct template.json."), field=f)
    if fid in seen:
        _spec_error(name, N_("Template '{name}': the field id '{field}' is used twice. Rename one in "
                               "template.json."), field=fid)
    seen.add(fid)
    if f.get("type", "text") not in FIELD_TYPES:
        _spec_error(name, N_("Template '{name}': the field '{field}' has type '{type}'; use one of {types} "
                               "in template.json."), field=fid, type=f.get("type"), types=", ".join(FIELD_TYPES))
    if f.get("type") == "choice" and not f.get("choices"):
        _spec_error(name, N_("Template '{name}': the choice field '{field}' lists no choices. Add them "
                               "in template.json."), field=fid)


def _check_slots_and_maps(name, raw):
    """Every slot names a known kind; every map has an identifier."""
    for s in raw.get("slots", []):
        if not isinstance(s, dict) or s.get("kind") not in SLOT_KINDS:
            _spec_error(name, N_("Template '{name}': the slot {slot} needs a 'kind', one of {kinds}. Correct "
                                   "template.json."), slot=s, kinds=", ".join(SLOT_KINDS))
    for m in raw.get("maps", []):
        if not isinstance(m, dict) or not str(m.get("id", "")).isidentifier():
            _spec_error(name, N_("Template '{name}': the map {map} needs an 'id' made of letters, digits and _. "
                                   "Correct template.json."), map=m)


def load_template(folder, builtin=False):
    """Read and check ``template.json`` in *folder*; a clear ReportError when it is wrong."""
    folder = Path(folder)
    name = folder.name
    raw = _read_spec(folder, name)
    fields = raw.get("fields", [])
    seen = set()
    for f in fields:
        _check_field(name, f, seen)
    _check_slots_and_maps(name, raw)
    return TemplateSpec(name=raw.get("name") or name, folder=folder, title=raw.get("title") or name,
                        description=raw.get("description") or {}, fields=fields,
                        slots=raw.get("slots", []), maps=raw.get("maps", []), labels=raw.get("labels", {}),
                        builtin=builtin)


def builtin_templates():
    return [load_template(BUILTIN_DIR / n, builtin=True) for n in BUILTIN_NAMES]


def list_templates(user_folder=None):
    """Built-in templates, then every template folder under *user_folder* (unreadable ones skipped).

    Returns ``(templates, problems)``; *problems* holds the ReportErrors of folders that could
    not be read, so the dock can show why a user's template is missing.
    """
    templates, problems = builtin_templates(), []
    if user_folder and Path(user_folder).is_dir():
        for sub in sorted(Path(user_folder).iterdir()):
            if sub.is_dir() and (sub / SPEC_FILE).exists():
                try:
                    templates.append(load_template(sub))
                except ReportError as e:
                    problems.append(e)
    return templates, problems


def _to_number(text, lang="de"):
    """A number typed by a planner: German "1.250.000,5" / "600.000" or English "1,250,000.5"."""
    if isinstance(text, (int, float)) and not isinstance(text, bool):
        return float(text)
    s = str(text).strip().replace(" ", "").replace("\u00a0", "")
    if lang == "de":
        if "," in s or re.fullmatch(r"[-+]?\d{1,3}(\.\d{3})+", s):
            s = s.replace(".", "").replace(",", ".")
    else:
        s = s.replace(",", "")
    return float(s)


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _given_or_default(f, values):
    """The value given for field *f*, else its default (``today`` for a date field: today's date)."""
    value = values.get(f["id"])
    if _blank(value):
        value = f.get("default")
        if f.get("type", "text") == "date" and value == "today":
            value = datetime.date.today().isoformat()
    return value


class _NotFinite(ValueError):
    """A number field got inf or nan; the message shows the number as read (``args[0]``)."""


def _typed(f, value, lang):
    """*value* as the type of field *f*; TypeError/ValueError when it is not one."""
    kind = f.get("type", "text")
    if kind == "number":
        number = _to_number(value, lang)
        if not math.isfinite(number):
            raise _NotFinite(number)
        return number
    if kind == "date":
        return datetime.date.fromisoformat(str(value)[:10])
    if kind == "choice":
        allowed = [c["value"] if isinstance(c, dict) else c for c in f["choices"]]
        if value not in allowed:
            raise ValueError(value)
        return value
    return str(value)


def _field_value(spec, f, values, lang):
    """Field *f*'s value from *values* (or its default) converted to its type; None when empty."""
    fid = f["id"]
    value = _given_or_default(f, values)
    if _blank(value):
        if f.get("required"):
            raise ReportError(N_("Template '{name}': the field '{field}' is required. "
                                 "Fill it in."), name=spec.name,
                              field=spec.text(f.get("label"), lang) or fid)
        return None
    try:
        return _typed(f, value, lang)
    except (TypeError, ValueError) as e:
        shown = e.args[0] if isinstance(e, _NotFinite) else value
        raise ReportError(N_("Template '{name}': '{value}' is not a valid {type} for the "
                             "field '{field}'. Correct it."), name=spec.name, value=shown,
                          type=f.get("type", "text"), field=spec.text(f.get("label"), lang) or fid) from None


def resolve_values(spec, values, lang="de"):
    """Field values with defaults applied, converted to their type; ReportError when required ones lack."""
    values = dict(values or {})
    unknown = sorted(set(values) - {f["id"] for f in spec.fields})
    resolved = {k: values[k] for k in unknown}  # extra values stay usable in own templates
    for f in spec.fields:
        resolved[f["id"]] = _field_value(spec, f, values, lang)
    return resolved


# ---------------------------------------------------------------- formatting filters

def format_number(value, decimals=0, lang="de"):
    """1234567.891 -> '1.234.567,9' (de) or '1,234,567.9' (en); '' for None, '–' for NaN."""
    if value is None or value == "":
        return ""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return str(value)
    if not math.isfinite(v):
        return "–"
    text = f"{v:,.{int(decimals)}f}"
    if lang == "de":
        text = text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
    return text


def format_date(value, lang="de"):
    if value is None:
        return ""
    if isinstance(value, str):
        try:
            value = datetime.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return value.strftime("%d.%m.%Y" if lang == "de" else "%Y-%m-%d")


def _environment(folder, limits):
    """The sandbox for the templates in *folder*: nothing outside it, stopped by *limits* (sandbox.py)."""
    from jinja2 import StrictUndefined

    from .sandbox import BoundedEnvironment

    limits = limits or Limits()
    return BoundedEnvironment(
        folder, limits.time_s or TIME_LIMIT_S, limits.is_cancelled,
        autoescape=True, undefined=StrictUndefined,
        trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )


def _add_filters(env, lang):
    env.filters["num"] = lambda v, d=0: format_number(v, d, lang)
    env.filters["ha"] = lambda v, d=1: format_number(None if v is None else float(v) / 1e4, d, lang)
    env.filters["pct"] = lambda v, d=1: format_number(None if v is None else float(v) * 100, d, lang)
    env.filters["date"] = lambda v: format_date(v, lang)
    env.filters["yesno"] = lambda v: ({"de": "ja", "en": "yes"} if v else {"de": "nein", "en": "no"})[lang]


def _error_place(exc, folder):
    """(file, line) of the innermost template frame of *exc*'s traceback (a file in *folder*), else None.

    jinja2 rewrites a render-time traceback so that the frames of templates carry the template's
    file name and line.
    """
    root = Path(folder).resolve()
    place, tb = None, exc.__traceback__
    while tb is not None:
        name = tb.tb_frame.f_code.co_filename
        if name and not name.startswith("<") and root in Path(name).resolve().parents:
            place = (name, tb.tb_lineno)
        tb = tb.tb_next
    return place


def _where(spec, part, exc):
    """(file, line) where *exc* happened: the template frame, jinja2's own lineno, else *part*, '?'."""
    from jinja2 import TemplateSyntaxError

    if isinstance(exc, TemplateSyntaxError) and exc.lineno is not None:
        return (exc.filename or str(spec.folder / part)), exc.lineno
    place = _error_place(exc, spec.folder)
    if place is not None:
        return place
    line = getattr(exc, "lineno", None)
    return str(spec.folder / part), "?" if line is None else line


def _problem(exc):
    """The text of *exc* for a planner: jinja2's message, else the exception's, else its type."""
    return getattr(exc, "message", None) or str(exc) or type(exc).__name__


def _template_error(spec, part, exc):
    """The ReportError for any failure *exc* while filling in *part* (HTML or Word) of *spec*."""
    from jinja2 import TemplateSyntaxError

    from .sandbox import OutsideFolder, TimeUp

    if part == DOCX_FILE:
        return _docx_error(spec, exc)
    file, line = _where(spec, part, exc)
    if isinstance(exc, TimeUp):
        return ReportError(N_("Template '{name}', {file} line {line}: filling it in took longer than {seconds} s "
                              "and was stopped. Look for loops that run too long, e.g. nested range()."),
                           name=spec.name, file=file, line=line, seconds=f"{exc.args[0]:g}")
    if isinstance(exc, OutsideFolder):
        return ReportError(N_("Template '{name}', {file} line {line}: '{include}' lies outside the template "
                              "folder (through a link). A template may only include files inside its folder; "
                              "copy the file there."), name=spec.name, file=file, line=line, include=exc.name)
    kind = "syntax" if isinstance(exc, TemplateSyntaxError) else "render"
    return ReportError(N_("Template '{name}', {file} line {line}: {problem} ({kind} error). "
                          "Correct the template."), name=spec.name, file=file, line=line,
                       problem=_problem(exc), kind=kind)


def _docx_error(spec, exc):
    """The ReportError for a failure in the Word template (its XML lines mean nothing to a planner)."""
    from .sandbox import TimeUp

    file = str(spec.docx_path)  # the full path: a copied template keeps its name
    if isinstance(exc, TimeUp):
        return ReportError(N_("Template '{name}', {file}: filling it in took longer than {seconds} s and was "
                              "stopped. Look for loops that run too long, e.g. nested range()."),
                           name=spec.name, file=file, seconds=f"{exc.args[0]:g}")
    near = " ".join(t.strip() for t in getattr(exc, "docx_context", []) if t.strip())[:120]
    if not near:  # a failure while filling in (1/0, recursion, ...), not a broken tag
        return ReportError(N_("Template '{name}', {file}: {problem}. Correct the tags in the Word file."),
                           name=spec.name, file=file, problem=_problem(exc))
    return ReportError(N_("Template '{name}', {file}: {problem} (near: '{near}'). "
                          "Correct the tag in the Word file."),
                       name=spec.name, file=file, problem=_problem(exc), near=near)


def render_html(spec, context, lang="de", embed_images=True, *, limits=None):
    """The HTML report as a string.

    Maps and charts are embedded as data: URIs so the file stands alone; with *embed_images* False they
    stay file paths (for a preview widget that cannot show data: URIs). *limits* (:class:`Limits`)
    stop a template that runs too long; any failure of the template is a ReportError naming its
    file and line, a cancel raises ``Cancelled``.
    """
    if not spec.html_path.is_file():
        raise ReportError(N_("Template '{name}' has no {file}. Add it or export Word only."),
                          name=spec.name, file=HTML_FILE)
    env = _environment(spec.folder, limits)
    _add_filters(env, lang)
    ctx = _with_figures(context, _data_uri if embed_images else (lambda v: Path(v).as_uri() if v else ""))
    try:
        return env.get_template(HTML_FILE).render(ctx)
    except Cancelled:
        raise
    except Exception as e:  # noqa: BLE001 - whatever a template does wrong (1/0, [].pop(), recursion)
        raise _template_error(spec, HTML_FILE, e) from None


def _with_figures(context, image):
    """A copy of *context* whose map and chart figures ({id: PNG path}) are turned by *image* into what
    the output embeds (a data: URI, a file URI, a Word image)."""
    ctx = dict(context)
    for key in ("maps", "charts"):
        ctx[key] = {k: image(v) for k, v in (context.get(key) or {}).items()}
    return ctx


def _data_uri(path):
    if not path:
        return ""
    data = Path(path).read_bytes()
    return "data:image/png;base64," + base64.b64encode(data).decode("ascii")


def render_docx(spec, context, target, lang="de", map_width_mm=160, *, limits=None):
    """Render the Word template into *target* (written atomically); failures as in :func:`render_html`."""
    from docx.shared import Mm
    from docxtpl import DocxTemplate, InlineImage

    if not spec.docx_path.is_file():
        raise ReportError(N_("Template '{name}' has no {file}. Add it or export HTML only."),
                          name=spec.name, file=DOCX_FILE)
    doc = DocxTemplate(str(spec.docx_path))
    env = _environment(spec.folder, limits)
    _add_filters(env, lang)
    ctx = _with_figures(context, lambda v: InlineImage(doc, str(v), width=Mm(map_width_mm)) if v else "")
    try:
        doc.render(ctx, jinja_env=env, autoescape=True)
    except Cancelled:
        raise
    except Exception as e:  # noqa: BLE001 - as in render_html
        raise _template_error(spec, DOCX_FILE, e) from None
    with atomic_path(target) as tmp:
        doc.save(tmp)
    return str(target)


def check_target(target):
    """A ReportError when the report file *target* is an existing folder (checked before rendering)."""
    if Path(target).is_dir():
        raise ReportError(N_("{path} is a folder. Choose a file name for the report, e.g. {example}."),
                          path=str(target), example=str(Path(target) / f"report{Path(target).suffix or '.html'}"))


class atomic_path:
    """Context manager yielding a temporary path beside *target*, moved onto it on success."""

    def __init__(self, target):
        self.target = Path(target)

    def __enter__(self):
        check_target(self.target)
        folder = self.target.parent
        if not folder.is_dir():
            raise ReportError(N_("The folder {folder} does not exist. Choose an existing folder."),
                              folder=str(folder))
        try:
            fd, name = tempfile.mkstemp(prefix=".wertvoll-", suffix=self.target.suffix, dir=folder)
        except OSError as e:
            raise ReportError(N_("Cannot write into {folder} ({problem}). Choose a folder you may write to."),
                              folder=str(folder), problem=e.strerror or str(e)) from None
        os.close(fd)
        self.tmp = Path(name)
        return str(self.tmp)

    def __exit__(self, exc_type, exc, tb):
        if exc_type is None:
            umask = os.umask(0)
            os.umask(umask)
            os.chmod(self.tmp, 0o666 & ~umask)  # mkstemp makes 0600; a report is a normal file
            os.replace(self.tmp, self.target)
        else:
            self.tmp.unlink(missing_ok=True)
        return False


def write_html(spec, context, target, lang="de", *, limits=None):
    html = render_html(spec, context, lang, limits=limits)
    with atomic_path(target) as tmp:
        Path(tmp).write_text(html, encoding="utf-8")
    return str(target)
