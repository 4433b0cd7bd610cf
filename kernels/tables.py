"""Reading the small CSV tables the plugin ships and planners replace (UTF-8, ; or , separated)."""
import csv
import io
import math
from pathlib import Path

from .errors import KernelError

#: yes/no words of the tables and attributes planners fill in (any case; English and German)
TRUE_WORDS = frozenset({"1", "yes", "y", "true", "t", "ja", "j", "wahr", "w", "x"})
FALSE_WORDS = frozenset({"0", "no", "n", "false", "f", "nein", "falsch"})


def parse_flag(text):
    """True or False for a yes/no word in :data:`TRUE_WORDS` / :data:`FALSE_WORDS`, else None."""
    word = str(text).strip().lower()
    if word in TRUE_WORDS:
        return True
    return False if word in FALSE_WORDS else None


def read_csv_rows(path, unreadable, not_utf8):
    """(1-based line number, stripped fields) of the non-empty rows of the CSV at *path*.

    The separator is ``;`` or ``,``, whichever the first non-empty line has more of.
    *unreadable* and *not_utf8* are the translatable message templates (with ``{path}``,
    and ``{reason}`` for the first) raised as :class:`KernelError`.
    """
    spath = str(path)
    try:
        text = Path(path).read_bytes().decode("utf-8-sig")
    except OSError as e:
        raise KernelError(unreadable, path=spath, reason=e.strerror or str(e)) from e
    except UnicodeDecodeError as e:
        raise KernelError(not_utf8, path=spath) from e
    first = next((ln for ln in text.splitlines() if ln.strip()), "")
    delim = ";" if first.count(";") >= first.count(",") else ","
    yield from csv_records(text, delim)


def csv_records(text, delimiter):
    """(1-based first line number, stripped fields) of the non-empty records of the CSV *text*.

    A record holding a quoted line break spans several lines; its number is that of its first.
    """
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    prev = 0
    for fields in reader:
        line = prev + 1
        prev = reader.line_num
        if any(f.strip() for f in fields):
            yield line, [f.strip() for f in fields]


def parse_number(text):
    """*text* as a float (decimal comma accepted), NaN when it is not a number."""
    try:
        return float(str(text).replace(",", "."))
    except ValueError:
        return math.nan


def table_records(rows, path, required=(), missing=None):
    """``(line, {column: field})`` of the data rows of a table read by :func:`read_csv_rows`.

    The first row names the columns (lower-cased); a shorter data row gets empty
    fields. When the header lacks a column of *required*, raises :class:`KernelError`
    with the template *missing* (``{path}``, ``{line}``, ``{missing}``).
    """
    header = None
    for line, fields in rows:
        if header is None:
            header = [f.strip().lower() for f in fields]
            absent = [c for c in required if c not in header]
            if absent:
                raise KernelError(missing, path=str(path), line=line, missing=", ".join(absent))
            continue
        yield line, dict(zip(header, fields + [""] * (len(header) - len(fields))))


#: how many items (codes, ids) a warning names; the rest are only counted, so that a layer with
#: thousands of unknown codes gives one readable line, not thousands
MAX_LISTED = 10


def listed(items, limit=MAX_LISTED):
    """*items* as 'a, b, c, … (+12)': at most *limit* named, the rest counted."""
    items = [str(i) for i in items]
    text = ", ".join(items[:limit])
    return text + (f", … (+{len(items) - limit})" if len(items) > limit else "")


def counted(counts, limit=MAX_LISTED):
    """{code: features} as 'x (40), y (3), … (+12)': the most frequent first (ties by code), *limit* named."""
    order = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
    return listed([f"{code} ({count})" for code, count in order], limit)

