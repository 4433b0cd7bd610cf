"""The value table of the compensation screening: land-use code -> value, measure, target.

A value table is a user-replaceable CSV file (the City of Leipzig and the rural
municipalities value land with different models, see docs/domain.md), so the
numbers live in a file, never in code. The plugin ships a default on the
BKompV 2020 scale (``resources/value_tables/bkompv_default.csv``).

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
  WHG §78a). Further columns are ignored.
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
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .errors import KernelError, N_

REQUIRED_COLUMNS = ("code", "label", "value_now", "measure", "value_target",
                    "pik_measure", "pik_value_target")
OPTIONAL_COLUMNS = ("source", "landuse_kind", "measure_woody", "pik_measure_woody")
LANDUSE_KINDS = ("arable", "grassland", "orchard", "fallow", "forest", "woody",
                 "water", "sealed", "other")
VALUE_MIN = 0.0
VALUE_MAX = 24.0

#: The value table shipped with the plugin (BKompV 2020 scale).
DEFAULT_TABLE_PATH = (Path(__file__).resolve().parent.parent
                      / "resources" / "value_tables" / "bkompv_default.csv")

_TRUE = {"1", "yes", "true", "y", "ja", "j", "wahr", "x"}
_FALSE = {"0", "no", "false", "n", "nein", "falsch", ""}
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

    def __init__(self, rows, path=None):
        self.path = str(path) if path is not None else ""
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
            path=str(path), reason=e.strerror or str(e))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = data.count(b"\n", 0, e.start) + 1
        raise KernelError(
            N_("Value table {path}, line {line}: the file is not UTF-8 text. "
               "Save it as 'CSV UTF-8' (Excel, LibreOffice: 'Save as', character set UTF-8) and run again."),
            path=str(path), line=line)


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


def load_value_table(path):
    """Read and check the value table CSV at *path*; return a :class:`ValueTable`.

    Raises :class:`~.errors.KernelError` for an unreadable or malformed file.
    """
    spath = str(path)
    text = _read_text(path)
    lines = text.splitlines()
    header_idx = next((i for i, ln in enumerate(lines) if ln.strip()), None)
    if header_idx is None:
        raise KernelError(
            N_("Value table {path} is empty. The first line must name the columns {expected}, "
               "followed by one line per land-use code."),
            path=spath, expected=",".join(REQUIRED_COLUMNS))
    delim = _sniff_delimiter(lines[header_idx])

    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    header = None
    header_line = 0
    prev_line_num = 0
    rows = []
    first_line = {}
    for fields in reader:
        line = prev_line_num + 1  # first physical line of this record
        prev_line_num = reader.line_num
        if not any(f.strip() for f in fields):
            continue
        if header is None:
            header = [f.strip().lower() for f in fields]
            header_line = line
            missing = [c for c in REQUIRED_COLUMNS if c not in header]
            if missing:
                raise KernelError(
                    N_("Value table {path}, line {line}: the header lacks the column(s) {missing}. "
                       "The first line must name the columns {expected} "
                       "(in any order, separated by ';' or ',')."),
                    path=spath, line=line, missing=", ".join(missing),
                    expected=",".join(REQUIRED_COLUMNS))
            seen = set()
            for name in header:
                if name and name in seen and name in REQUIRED_COLUMNS + OPTIONAL_COLUMNS:
                    raise KernelError(
                        N_("Value table {path}, line {line}: the column '{column}' appears twice in the "
                           "header. Rename or remove one of them."),
                        path=spath, line=line, column=name)
                seen.add(name)
            col = {name: header.index(name) for name in REQUIRED_COLUMNS + OPTIONAL_COLUMNS
                   if name in header}
            continue
        if len(fields) > len(header):
            raise KernelError(
                N_("Value table {path}, line {line}: {count} fields but the header has {expected}. "
                   "Check the separator '{delimiter}' and put text containing it in double quotes."),
                path=spath, line=line, count=len(fields), expected=len(header), delimiter=delim)
        fields = fields + [""] * (len(header) - len(fields))
        row = _parse_row(spath, line, fields, col)
        if row.code in first_line:
            raise KernelError(
                N_("Value table {path}: code '{code}' appears on line {first} and on line {line}. "
                   "Keep one of the two lines."),
                path=spath, code=row.code, first=first_line[row.code], line=line)
        first_line[row.code] = line
        rows.append(row)
    if not rows:
        raise KernelError(
            N_("Value table {path} has no rows below the header (line {line}). "
               "Add one line per land-use code."),
            path=spath, line=header_line)
    return ValueTable(rows, spath)


def _parse_row(path, line, fields, col):
    def get(name):
        i = col.get(name)
        return fields[i].strip() if i is not None else ""

    def number(name, required):
        raw = get(name)
        if not raw and not required:
            return math.nan
        value = _parse_number(raw)
        if value is None or not (VALUE_MIN <= value <= VALUE_MAX):
            raise KernelError(
                N_("Value table {path}, line {line}: {column} '{value}' is not a number between 0 and 24. "
                   "Correct the value or remove the line."),
                path=path, line=line, column=name, value=raw)
        return value

    def flag(name):
        raw = get(name)
        if raw.lower() in _TRUE:
            return True
        if raw.lower() in _FALSE:
            return False
        raise KernelError(
            N_("Value table {path}, line {line}: {column} '{value}' is not one of 0, 1, yes, no, true, "
               "false. Enter 1 if the measure plants trees, shrubs or hedges, otherwise 0."),
            path=path, line=line, column=name, value=raw)

    code = normalize_code(get("code"))
    if code is None:
        raise KernelError(
            N_("Value table {path}, line {line}: the code is empty. "
               "Enter the land-use code or remove the line."),
            path=path, line=line)
    measure = get("measure")
    pik_measure = get("pik_measure")
    value_now = number("value_now", True)
    has_target = bool(get("value_target"))
    if measure and not has_target:
        raise KernelError(
            N_("Value table {path}, line {line}: the measure '{measure}' has no value_target. Enter the "
               "value (0 to 24 points per m²) the measure reaches, or clear the measure if the land is not "
               "a candidate."),
            path=path, line=line, measure=measure)
    if has_target and not measure:
        raise KernelError(
            N_("Value table {path}, line {line}: value_target is filled but measure is empty. "
               "Name the measure, or clear value_target if the land is not a candidate."),
            path=path, line=line)
    value_target = number("value_target", False)
    if bool(pik_measure) != bool(get("pik_value_target")):
        raise KernelError(
            N_("Value table {path}, line {line}: pik_measure and pik_value_target must be filled both or "
               "neither. Complete or clear them."),
            path=path, line=line)
    if pik_measure and not measure:
        raise KernelError(
            N_("Value table {path}, line {line}: a PIK measure is given but measure is empty; rows without a "
               "measure are not candidates. Enter a measure or clear the PIK columns."),
            path=path, line=line)
    pik_value_target = number("pik_value_target", False)
    for name, target in (("value_target", value_target), ("pik_value_target", pik_value_target)):
        if not math.isnan(target) and target < value_now:
            raise KernelError(
                N_("Value table {path}, line {line}: {column} {target} is lower than value_now {now}; "
                   "a compensation measure must raise the value. Correct the values."),
                path=path, line=line, column=name, target=target, now=value_now)
    kind = get("landuse_kind").lower() or "other"
    if kind not in LANDUSE_KINDS:
        raise KernelError(
            N_("Value table {path}, line {line}: landuse_kind '{value}' is not one of {allowed}. "
               "Use one of these words or leave the cell empty (= other)."),
            path=path, line=line, value=get("landuse_kind"), allowed=", ".join(LANDUSE_KINDS))
    return ValueRow(
        code=code, label=get("label"), value_now=value_now, measure=measure,
        value_target=value_target, pik_measure=pik_measure, pik_value_target=pik_value_target,
        landuse_kind=kind, measure_woody=flag("measure_woody"),
        pik_measure_woody=flag("pik_measure_woody"), source=get("source"), line=line)
