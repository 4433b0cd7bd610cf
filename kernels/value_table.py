"""The value table of the compensation screening: land-use code -> value, measure, target.

A value table is a user-replaceable CSV file (the City of Leipzig and the rural
municipalities value land with different models, see docs/domain.md), so the
numbers live in a file, never in code. The plugin ships the tables of
:data:`SHIPPED_TABLES`; today one, on the BKompV 2020 scale
(``resources/value_tables/bkompv_default.csv``: the biotope values of BKompV Anlage 2, one
citation per row, the ALKIS code -> biotope type mapping marked as the plugin's assumption).

The Saxon list ("Handlungsempfehlung zur Bewertung und Bilanzierung von Eingriffen im
Freistaat Sachsen", SMUL 2003, Fassung 2009) is not shipped: only the title page and table of
contents of the primary document could be retrieved (natur.sachsen.de,
Handlungsempfehlung_170709.pdf), not its biotope value list, and no value is invented
(see resources/value_tables/README.md). Users with the list enter it as their own CSV.

File format
-----------
* UTF-8 text, with or without byte-order mark (Excel's "CSV UTF-8" works).
* Separator ``;`` or ``,``, detected from the header line (the first non-empty
  line). Text containing the separator must be put in double quotes.
* Required columns, in any order, names case-insensitive:
  ``code,label,value_now,measure,value_target,pik_measure,pik_value_target``.
* Optional columns: ``source`` (citation of the numbers), ``landuse_kind``
  (one of :data:`LANDUSE_KINDS`, empty = ``other``), ``measure_woody`` and
  ``pik_measure_woody`` (0/1, yes/no, true/false, ja/nein; empty = 0: whether the
  measure plants trees, shrubs or hedges - a conflict inside a flood zone,
  WHG §78a), ``label_en`` (the land use's name in English reports; empty = ``label``),
  ``state_now``, ``state_target`` and ``pik_state_target`` (the land states before, after the
  measure and after the PIK measure: keys of the land-state table of :mod:`.water_climate`, for
  the nitrate and carbon estimates; empty = from ``landuse_kind`` before, no estimate after).
  Further columns are ignored.
* Values are points per m² on the BKompV scale 0-24; a decimal comma is accepted.
* A row with an empty ``measure`` describes land that is not a candidate (it
  must then have no ``value_target`` and no PIK pair). A row with a measure
  needs a ``value_target``. ``pik_measure`` and ``pik_value_target`` are filled
  both or neither. Targets must not be lower than ``value_now``.
* Empty lines are ignored. Each code may appear once.

Codes are compared as stripped text; integer-like codes are normalised
(``1010``, ``"1010"``, ``1010.0`` and ``"1010.0"`` are all ``"1010"``) so that
integer fields read by QGIS match text codes in the file. Codes are
case-sensitive and leading zeros are kept.

Every problem raises :class:`~.errors.KernelError` naming the file, the line
(1-based, as shown by a text editor) and what to do.
"""
import csv
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import N_, KernelError
from .tables import csv_records, parse_flag

REQUIRED_COLUMNS = ("code", "label", "value_now", "measure", "value_target",
                    "pik_measure", "pik_value_target")
OPTIONAL_COLUMNS = ("source", "landuse_kind", "measure_woody", "pik_measure_woody", "label_en",
                    "state_now", "state_target", "pik_state_target")
LANDUSE_KINDS = ("arable", "grassland", "orchard", "fallow", "forest", "woody",
                 "water", "sealed", "other")
VALUE_MIN = 0.0
VALUE_MAX = 24.0

TABLE_DIR = Path(__file__).resolve().parent.parent / "resources" / "value_tables"
#: The valuation methods shipped with the plugin: (key, file in TABLE_DIR, method name). The
#: first is the default. Saxon law is the project's default and federal law the fallback, but
#: the Saxon list could not be taken from its primary source (module docstring), so BKompV is
#: the only shipped method and therefore the default.
SHIPPED_TABLES = (
    ("bkompv", "bkompv_default.csv",
     N_("BKompV 2020, Anlage 2 (Bundeskompensationsverordnung, federal list of biotope values)")),
)
#: The value table shipped with the plugin (BKompV 2020 scale).
DEFAULT_TABLE_PATH = TABLE_DIR / SHIPPED_TABLES[0][1]

_NUMBER = re.compile(r"^[+-]?(\d+([.,]\d*)?|[.,]\d+)$")
_INTLIKE = re.compile(r"^([+-]?\d+)\.0*$")


def normalize_code(value):
    """Return *value* as a code string, or ``None`` when it is missing.

    ``None``, NaN and empty/blank text are missing. Integers and integer-valued
    floats become their decimal digits; text is stripped and ``"1010.0"``
    becomes ``"1010"``.
    """
    if value is None:
        return None
    if isinstance(value, bool):
        return str(int(value))
    if isinstance(value, (int, np.integer)):
        return str(int(value))
    if isinstance(value, (float, np.floating)):
        value = float(value)
        if math.isnan(value):
            return None
        if value.is_integer():
            return str(int(value))
        return repr(value)
    text = str(value).strip()
    if not text:
        return None
    m = _INTLIKE.match(text)
    if m:
        text = m.group(1)
        if text.startswith("+"):
            text = text[1:]
    return text


@dataclass(frozen=True)
class ValueRow:
    """One line of a value table (values in points per m², BKompV 0-24)."""

    code: str
    label: str
    value_now: float
    measure: str
    value_target: float  # NaN when there is no measure
    pik_measure: str
    pik_value_target: float  # NaN when there is no PIK pair
    landuse_kind: str = "other"
    measure_woody: bool = False
    pik_measure_woody: bool = False
    source: str = ""
    line: int = 0
    #: the land use's name in English reports (optional column ``label_en``; empty: ``label``)
    label_en: str = ""
    #: land states (keys of the factor table of :mod:`.water_climate`) before and after the measure
    #: and after the PIK measure; empty: before from ``landuse_kind``, after unknown (no estimate)
    state_now: str = ""
    state_target: str = ""
    pik_state_target: str = ""

    @property
    def has_measure(self):
        """True when the land is a candidate (the row names a measure)."""
        return bool(self.measure)

    @property
    def has_pik(self):
        """True when the row offers production-integrated compensation (PIK)."""
        return bool(self.pik_measure)


class ValueTable:
    """Rows of a value table by normalised code (see :func:`normalize_code`)."""

    def __init__(self, rows, path=None, method=""):
        self.path = str(path) if path is not None else ""
        #: the name of the valuation method, written to every output row (set by the caller)
        self.method = method
        self.rows = {}
        for row in rows:
            if row.code in self.rows:
                raise ValueError("duplicate code %r" % row.code)
            self.rows[row.code] = row

    def get(self, code):
        """The :class:`ValueRow` of *code* (any type, normalised) or ``None``."""
        key = normalize_code(code)
        return None if key is None else self.rows.get(key)

    def __getitem__(self, code):
        row = self.get(code)
        if row is None:
            raise KeyError(code)
        return row

    def __contains__(self, code):
        return self.get(code) is not None

    def __len__(self):
        return len(self.rows)

    def __iter__(self):
        return iter(self.rows.values())

    @property
    def codes(self):
        """The codes in file order."""
        return list(self.rows)

    def __repr__(self):
        return "ValueTable(%r, %d rows)" % (self.path, len(self.rows))


def _read_text(path):
    try:
        data = Path(path).read_bytes()
    except OSError as e:
        raise KernelError(
            N_("Value table {path} cannot be read ({reason}). Check the path and that the file exists."),
            path=str(path), reason=e.strerror or str(e)) from e
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise KernelError(
            N_("Value table {path}, line {line}: the file is not UTF-8 text. "
               "Save it as 'CSV UTF-8' (Excel, LibreOffice: 'Save as', character set UTF-8) and run again."),
            path=str(path), line=line) from e


def _sniff_delimiter(header_line):
    best = None
    for delim in (";", ","):
        fields = [f.strip().lower() for f in next(csv.reader([header_line], delimiter=delim))]
        have = sum(1 for c in REQUIRED_COLUMNS if c in fields)
        key = (have, len(fields))
        if best is None or key > best[0]:
            best = (key, delim)
    return best[1]


def _parse_number(text):
    text = text.strip()
    if not _NUMBER.match(text):
        return None
    return float(text.replace(",", "."))


def shipped_table(key):
    """(path, method name) of the shipped table *key* (see :data:`SHIPPED_TABLES`)."""
    for k, name, method in SHIPPED_TABLES:
        if k == key:
            return TABLE_DIR / name, method
    raise KeyError(key)


def load_value_table(path, method=""):
    """Read and check the value table CSV at *path*; return a :class:`ValueTable`.

    *method* names the valuation method (stored as :attr:`ValueTable.method`).

    Raises :class:`~.errors.KernelError` for an unreadable or malformed file.
    """
    spath = str(path)
    text = _read_text(path)
    delim = _sniff_delimiter(_header_text(text, spath))
    records = csv_records(text, delim)  # (first line of the record, fields)
    header_line, header = next(records, (0, None))
    rows = []
    if header is not None:
        header = _checked_header(header, spath, header_line)
        rows = _data_rows(records, header, spath, delim)
    if not rows:
        raise KernelError(
            N_("Value table {path} has no rows below the header (line {line}). "
               "Add one line per land-use code."),
            path=spath, line=header_line)
    return ValueTable(rows, spath, method)


def _header_text(text, path):
    """The first non-empty line of *text*: the header."""
    header = next((ln for ln in text.splitlines() if ln.strip()), None)
    if header is None:
        raise KernelError(
            N_("Value table {path} is empty. The first line must name the columns {expected}, "
               "followed by one line per land-use code."),
            path=path, expected=",".join(REQUIRED_COLUMNS))
    return header


def _checked_header(fields, path, line):
    """The column names of the header (lower case): every required column, none known twice."""
    header = [f.lower() for f in fields]
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        raise KernelError(
            N_("Value table {path}, line {line}: the header lacks the column(s) {missing}. "
               "The first line must name the columns {expected} "
               "(in any order, separated by ';' or ',')."),
            path=path, line=line, missing=", ".join(missing),
            expected=",".join(REQUIRED_COLUMNS))
    seen = set()
    for name in header:
        if name and name in seen and name in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
            raise KernelError(
                N_("Value table {path}, line {line}: the column '{column}' appears twice in the "
                   "header. Rename or remove one of them."),
                path=path, line=line, column=name)
        seen.add(name)
    return header


def _data_rows(records, header, path, delim):
    """The :class:`ValueRow` of each record below the header; each code may appear once."""
    col = {name: header.index(name) for name in REQUIRED_COLUMNS + OPTIONAL_COLUMNS if name in header}
    rows = []
    first_line = {}
    for line, fields in records:
        if len(fields) > len(header):
            raise KernelError(
                N_("Value table {path}, line {line}: {count} fields but the header has {expected}. "
                   "Check the separator '{delimiter}' and put text containing it in double quotes."),
                path=path, line=line, count=len(fields), expected=len(header), delimiter=delim)
        fields = fields + [""] * (len(header) - len(fields))
        row = _parse_row(_Cells(path, line, fields, col))
        if row.code in first_line:
            raise KernelError(
                N_("Value table {path}: code '{code}' appears on line {first} and on line {line}. "
                   "Keep one of the two lines."),
                path=path, code=row.code, first=first_line[row.code], line=line)
        first_line[row.code] = line
        rows.append(row)
    return rows


class _Cells:
    """The cells of one line of a value table by column name, and its errors (naming file and line)."""

    def __init__(self, path, line, fields, col):
        self.path = path
        self.line = line
        self._fields = fields
        self._col = col

    def error(self, template, **params):
        """A :class:`~.errors.KernelError` for this line: *template* with the file, line and *params*."""
        return KernelError(template, path=self.path, line=self.line, **params)

    def get(self, name):
        """The stripped text of column *name* ('' when the column or the cell is missing)."""
        i = self._col.get(name)
        return self._fields[i].strip() if i is not None else ""

    def number(self, name, required):
        """Column *name* as points per m² (0-24); NaN when empty and not *required*."""
        raw = self.get(name)
        if not raw and not required:
            return math.nan
        value = _parse_number(raw)
        if value is None or not (VALUE_MIN <= value <= VALUE_MAX):
            raise self.error(
                N_("Value table {path}, line {line}: {column} '{value}' is not a number between 0 and 24. "
                   "Correct the value or remove the line."),
                column=name, value=raw)
        return value

    def flag(self, name):
        """Column *name* as a yes/no flag (empty = no)."""
        raw = self.get(name)
        flag = parse_flag(raw) if raw else False
        if flag is not None:
            return flag
        raise self.error(
            N_("Value table {path}, line {line}: {column} '{value}' is not one of 0, 1, yes, no, true, "
               "false. Enter 1 if the measure plants trees, shrubs or hedges, otherwise 0."),
            column=name, value=raw)


def _parse_row(cells):
    """The :class:`ValueRow` of one data line, checked (see the module docstring)."""
    code = _row_code(cells)
    value_now = cells.number("value_now", True)
    measure, value_target = _measure_pair(cells)
    pik_measure, pik_value_target = _pik_pair(cells, measure)
    for name, target in (("value_target", value_target), ("pik_value_target", pik_value_target)):
        if not math.isnan(target) and target < value_now:
            raise cells.error(
                N_("Value table {path}, line {line}: {column} {target} is lower than value_now {now}; "
                   "a compensation measure must raise the value. Correct the values."),
                column=name, target=target, now=value_now)
    kind = _landuse_kind(cells)
    return ValueRow(
        code=code, label=cells.get("label"), value_now=value_now, measure=measure,
        value_target=value_target, pik_measure=pik_measure, pik_value_target=pik_value_target,
        landuse_kind=kind, measure_woody=cells.flag("measure_woody"),
        pik_measure_woody=cells.flag("pik_measure_woody"), source=cells.get("source"), line=cells.line,
        label_en=cells.get("label_en"), **{c: cells.get(c).lower() for c in _STATE_COLUMNS})


_STATE_COLUMNS = ("state_now", "state_target", "pik_state_target")


def _row_code(cells):
    """The normalised code of the line (it must not be empty)."""
    code = normalize_code(cells.get("code"))
    if code is None:
        raise cells.error(N_("Value table {path}, line {line}: the code is empty. "
                             "Enter the land-use code or remove the line."))
    return code


def _measure_pair(cells):
    """(measure, value_target): both filled (a candidate) or neither (no candidate)."""
    measure = cells.get("measure")
    has_target = bool(cells.get("value_target"))
    if measure and not has_target:
        raise cells.error(
            N_("Value table {path}, line {line}: the measure '{measure}' has no value_target. Enter the "
               "value (0 to 24 points per m²) the measure reaches, or clear the measure if the land is not "
               "a candidate."),
            measure=measure)
    if has_target and not measure:
        raise cells.error(N_("Value table {path}, line {line}: value_target is filled but measure is empty. "
                             "Name the measure, or clear value_target if the land is not a candidate."))
    return measure, cells.number("value_target", False)


def _pik_pair(cells, measure):
    """(pik_measure, pik_value_target): both filled or neither, and only on a line with a measure."""
    pik_measure = cells.get("pik_measure")
    if bool(pik_measure) != bool(cells.get("pik_value_target")):
        raise cells.error(N_("Value table {path}, line {line}: pik_measure and pik_value_target must be filled "
                             "both or neither. Complete or clear them."))
    if pik_measure and not measure:
        raise cells.error(N_("Value table {path}, line {line}: a PIK measure is given but measure is empty; "
                             "rows without a measure are not candidates. Enter a measure or clear the PIK "
                             "columns."))
    return pik_measure, cells.number("pik_value_target", False)


def _landuse_kind(cells):
    """The line's landuse_kind (lower case; empty = other), one of :data:`LANDUSE_KINDS`."""
    kind = cells.get("landuse_kind").lower() or "other"
    if kind not in LANDUSE_KINDS:
        raise cells.error(
            N_("Value table {path}, line {line}: landuse_kind '{value}' is not one of {allowed}. "
               "Use one of these words or leave the cell empty (= other)."),
            value=cells.get("landuse_kind"), allowed=", ".join(LANDUSE_KINDS))
    return kind
