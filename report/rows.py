"""The rows of a report's layer, held by column: a million candidates in a few hundred MB.

:class:`Rows` is a sequence of :class:`Row` mappings (``row["area_m2"]``, ``row.get(...)``,
``dict(row, extra=1)``, Jinja's ``row.area_m2``), as the report code and the templates read them.
Numbers live in numpy columns (8 bytes each, a mask for NULL), texts as one shared object per
distinct value; a row is made when it is read and gives plain Python values (NULL = None). What a
report writes into a row (``row["label"] = …``) is kept beside the columns. No QGIS here.
"""
from collections.abc import Mapping, MutableMapping, Sequence

import numpy as np


class _Column:
    """One column: numpy numbers with a NULL mask, or an object array."""

    __slots__ = ("values", "null", "kind")

    def __init__(self, values, null=None):
        self.values, self.null = values, null
        self.kind = values.dtype.kind

    def get(self, i):
        if self.kind == "O":
            return self.values[i]
        if self.null[i]:
            return None
        return float(self.values[i]) if self.kind == "f" else int(self.values[i])


def _typed(values, shared):
    """A chunk of plain values as (numpy array, NULL mask or None): floats and ints as numbers,
    anything else (texts, booleans, dates, mixed) as objects, texts shared through *shared*."""
    present = [v for v in values if v is not None]
    null = np.fromiter((v is None for v in values), dtype=bool, count=len(values))
    if present and all(type(v) is float for v in present):
        return np.array([np.nan if v is None else v for v in values], dtype=np.float64), null
    if present and all(type(v) is int for v in present):
        return np.array([0 if v is None else v for v in values], dtype=np.int64), null
    out = np.empty(len(values), dtype=object)
    out[:] = [shared.setdefault(v, v) if type(v) is str else v for v in values]
    return out, None


def _joined(pieces):
    """The chunks of one column as one :class:`_Column` (objects when the chunks' types differ)."""
    kinds = {values.dtype.kind for values, _ in pieces}
    if len(kinds) == 1 and "O" not in kinds:
        return _Column(np.concatenate([v for v, _ in pieces]), np.concatenate([n for _, n in pieces]))
    parts = []
    for values, null in pieces:
        column = _Column(values, null)
        out = np.empty(len(values), dtype=object)
        out[:] = [column.get(i) for i in range(len(values))]
        parts.append(out)
    return _Column(np.concatenate(parts) if parts else np.empty(0, dtype=object))


class RowsBuilder:
    """Collects rows (sequences of plain values in the order of *names*) chunk by chunk into :class:`Rows`."""

    def __init__(self, names, chunk=50_000):
        self.names, self.chunk = list(names), chunk
        self._pending, self._pieces, self._shared = [], [[] for _ in self.names], {}

    def add(self, values):
        self._pending.append(values)
        if len(self._pending) >= self.chunk:
            self._flush()

    def _flush(self):
        if not self._pending:
            return
        for k, column in enumerate(zip(*self._pending)):
            self._pieces[k].append(_typed(list(column), self._shared))
        self._pending = []

    def rows(self):
        self._flush()
        return Rows(self.names, [_joined(p) if p else _Column(np.empty(0, dtype=object)) for p in self._pieces])


class Rows(Sequence):
    """The rows of a layer (see the module docstring); ``rows[i]`` is a :class:`Row`, a slice a list of them."""

    def __init__(self, names, columns):
        self.names = tuple(names)
        self._index = {name: k for k, name in enumerate(self.names)}
        self._columns = columns
        self._length = len(columns[0].values) if columns else 0
        self._written = {}  # row index -> {name: value} written by the report

    @classmethod
    def from_dicts(cls, dicts, names=None):
        """:class:`Rows` of plain dicts (all with the keys *names*, default those of the first)."""
        dicts = list(dicts)
        names = list(names if names is not None else (dicts[0] if dicts else []))
        builder = RowsBuilder(names)
        for d in dicts:
            builder.add([d.get(n) for n in names])
        return builder.rows()

    def __len__(self):
        return self._length

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [Row(self, k) for k in range(*i.indices(self._length))]
        if i < 0:
            i += self._length
        if not 0 <= i < self._length:
            raise IndexError(i)
        return Row(self, i)

    def __iter__(self):
        return (Row(self, k) for k in range(self._length))

    def value(self, i, name):
        written = self._written.get(i)
        if written is not None and name in written:
            return written[name]
        return self._columns[self._index[name]].get(i)

    def column(self, name):
        """The values of the field *name*, as plain Python values (NULL = None)."""
        return [self.value(i, name) for i in range(self._length)]


class Row(MutableMapping):
    """One row of :class:`Rows`: field name -> plain value; reads from the columns, writes beside them."""

    __slots__ = ("_rows", "_i")

    def __init__(self, rows, i):
        self._rows, self._i = rows, i

    def __getitem__(self, name):
        rows = self._rows
        written = rows._written.get(self._i)
        if written is not None and name in written:
            return written[name]
        k = rows._index.get(name)
        if k is None:
            raise KeyError(name)
        return rows._columns[k].get(self._i)

    def __setitem__(self, name, value):
        self._rows._written.setdefault(self._i, {})[name] = value

    def __delitem__(self, name):
        raise TypeError("a report row's fields cannot be removed")

    def _keys(self):
        written = self._rows._written.get(self._i, {})
        return list(self._rows.names) + [n for n in written if n not in self._rows._index]

    def __iter__(self):
        return iter(self._keys())

    def __len__(self):
        return len(self._keys())

    def __repr__(self):
        return f"Row({dict(self)!r})"

    def __eq__(self, other):
        return isinstance(other, Mapping) and dict(self) == dict(other)

    __hash__ = None
