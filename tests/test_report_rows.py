"""report/rows.py: the rows of a report's layer held by column behave as the dicts they replace."""
import pytest

from wertvoll.report.rows import Row, Rows, RowsBuilder


def rows_of(records, chunk=2):
    builder = RowsBuilder(["name", "area", "rank", "pik", "note"], chunk=chunk)
    for record in records:
        builder.add(record)
    return builder.rows()


RECORDS = [["Borna", 1.5, 3, True, None], ["Zwenkau", None, 1, False, "a;b"], ["Borna", 2.25, None, None, ""],
           [None, 4.0, 7, True, "x"], ["Markkleeberg", 0.0, 2, False, None]]


def test_values_come_back_plain_and_null_as_none():
    rows = rows_of(RECORDS)
    assert len(rows) == 5 and bool(rows)
    for record, row in zip(RECORDS, rows):
        assert [row[n] for n in rows.names] == record
        assert all(type(row[n]) is type(v) for n, v in zip(rows.names, record))  # float, int, bool, str, None
    assert rows[1]["area"] is None and rows[2]["rank"] is None and rows[-1]["name"] == "Markkleeberg"
    assert rows.column("rank") == [3, 1, None, 7, 2]


def test_mapping_behaviour_as_the_report_uses_it():
    rows = rows_of(RECORDS)
    row = rows[0]
    assert row.get("area") == 1.5 and row.get("missing", 9) == 9 and "pik" in row and "missing" not in row
    assert dict(row) == dict(zip(rows.names, RECORDS[0]))
    assert dict(row, co_benefits=["water"])["co_benefits"] == ["water"]
    assert row == dict(zip(rows.names, RECORDS[0]))
    with pytest.raises(KeyError):
        row["missing"]
    top = sorted(rows, key=lambda r: r["rank"] if r["rank"] is not None else 99)[:2]
    assert [r["name"] for r in top] == ["Zwenkau", "Markkleeberg"]
    assert [r["name"] for r in rows[1:3]] == ["Zwenkau", "Borna"] and isinstance(rows[0], Row)


def test_what_the_report_writes_into_a_row_stays():
    rows = rows_of(RECORDS)
    for row in rows:
        row["label"] = f"{row['name']}!"
    rows[0]["area"] = 10.0
    assert [r["label"] for r in rows][:2] == ["Borna!", "Zwenkau!"]
    assert rows[0]["area"] == 10.0 and rows[1]["area"] is None
    assert list(rows[0]) == [*rows.names, "label"] and len(rows[0]) == 6


def test_chunks_of_different_types_join_as_objects():
    """A column all NULL in one chunk and text in the next, or int in one and float in the other."""
    rows = rows_of([[None, 1, 1, None, None], [None, 2, 2, None, None], ["a", 2.5, 3, None, None]], chunk=2)
    assert rows.column("name") == [None, None, "a"]
    assert rows.column("area") == [1, 2, 2.5] and [type(v) for v in rows.column("area")] == [int, int, float]


def test_texts_are_shared_and_empty_rows():
    names = ["".join(["Bor", "na"]) for _ in range(4)]  # four distinct objects of one text
    assert len({id(n) for n in names}) == 4
    rows = rows_of([[n, 1.0, 1, True, None] for n in names])
    assert len({id(r["name"]) for r in rows}) == 1
    empty = RowsBuilder(["a"]).rows()
    assert len(empty) == 0 and not empty and list(empty) == []
    assert Rows.from_dicts([{"a": 1, "b": "x"}, {"a": None, "b": "y"}]).column("a") == [1, None]
