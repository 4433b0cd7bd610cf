"""Value table reader: format, checks and the shipped default (expected values from the file text)."""
import math

import numpy as np
import pytest

from wertvoll.kernels.errors import KernelError
from wertvoll.kernels.value_table import (DEFAULT_TABLE_PATH, LANDUSE_KINDS, REQUIRED_COLUMNS,
                                          load_value_table, normalize_code)

HEADER = "code,label,value_now,measure,value_target,pik_measure,pik_value_target"


def write(tmp_path, text, name="table.csv", encoding="utf-8"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding) if isinstance(text, str) else text)
    return path


def error_of(path):
    with pytest.raises(KernelError) as info:
        load_value_table(path)
    return info.value


# --------------------------------------------------------------------------- reading

def test_comma_table_values(tmp_path):
    path = write(tmp_path, HEADER + "\n"
                 "1010,Acker,7,Grünland,15,Blühstreifen,10\n"
                 "1020,Grünland,8,Extensivierung,15,,\n"
                 "41001,Wohnbau,0,,,,\n")
    t = load_value_table(path)
    assert len(t) == 3
    assert t.codes == ["1010", "1020", "41001"]
    a = t["1010"]
    assert (a.label, a.value_now, a.measure, a.value_target) == ("Acker", 7.0, "Grünland", 15.0)
    assert (a.pik_measure, a.pik_value_target) == ("Blühstreifen", 10.0)
    assert a.has_measure and a.has_pik
    assert a.landuse_kind == "other" and a.measure_woody is False and a.source == ""
    assert a.line == 2
    g = t["1020"]
    assert g.has_measure and not g.has_pik and math.isnan(g.pik_value_target)
    s = t["41001"]
    assert not s.has_measure and math.isnan(s.value_target) and s.value_now == 0.0
    assert t.path == str(path)


def test_semicolon_decimal_comma_bom_any_order_extra_columns(tmp_path):
    text = ("\ufeffLabel;Code;VALUE_NOW;measure;value_target;pik_measure;pik_value_target;comment;"
            "landuse_kind;measure_woody;source\n"
            "Streuobst;1021;12,5;Pflege;19;;;alt;orchard;ja;BKompV\n"
            "Acker;1010;7;Grünland;15,25;PIK;9,75;;ARABLE;no;\n")
    t = load_value_table(write(tmp_path, text))
    o = t["1021"]
    assert o.value_now == 12.5 and o.value_target == 19.0
    assert o.landuse_kind == "orchard" and o.measure_woody is True and o.source == "BKompV"
    a = t["1010"]
    assert a.value_target == 15.25 and a.pik_value_target == 9.75
    assert a.landuse_kind == "arable" and a.measure_woody is False


def test_quoted_text_with_delimiter_and_blank_lines(tmp_path):
    text = HEADER + "\n\n" + '1010,"Acker, artenarm",7,"Grünland, extensiv",15,,\n\n1020,G,8,,,,\n'
    t = load_value_table(write(tmp_path, text))
    assert t["1010"].label == "Acker, artenarm"
    assert t["1010"].measure == "Grünland, extensiv"
    assert t["1010"].line == 3 and t["1020"].line == 5


def test_code_normalisation():
    assert normalize_code(1010) == "1010"
    assert normalize_code(np.int64(1010)) == "1010"
    assert normalize_code(1010.0) == "1010"
    assert normalize_code(np.float64(1010.0)) == "1010"
    assert normalize_code(" 1010.0 ") == "1010"
    assert normalize_code("1010.00") == "1010"
    assert normalize_code("43001_1010") == "43001_1010"
    assert normalize_code("0110") == "0110"  # leading zeros are kept
    assert normalize_code(10.5) == "10.5"
    for missing in (None, float("nan"), "", "   "):
        assert normalize_code(missing) is None


def test_lookup_by_integer_field_values(tmp_path):
    t = load_value_table(write(tmp_path, HEADER + "\n1010.0,Acker,7,G,15,,\n"))
    for code in (1010, "1010", 1010.0, "1010.0", np.int64(1010)):
        assert code in t and t.get(code).label == "Acker"
    assert t.get("1011") is None and t.get(None) is None


# --------------------------------------------------------------------------- errors

def test_missing_required_columns(tmp_path):
    path = write(tmp_path, "code,label,value_now,measure,value_target\n1010,A,7,G,15\n")
    e = error_of(path)
    assert e.params["line"] == 1
    assert e.params["missing"] == "pik_measure, pik_value_target"
    assert e.params["expected"] == ",".join(REQUIRED_COLUMNS)
    assert "pik_measure" in str(e) and "The first line must name the columns" in str(e)


@pytest.mark.parametrize("value", ["abc", "25", "-1", "24.5", "7,5,1", "nan", ""])
def test_value_now_not_a_number_in_range(tmp_path, value):
    text = HEADER + "\n1010,A,7,G,15,,\n1020,B,%s,G,15,,\n" % (
        '"%s"' % value if "," in value else value)
    e = error_of(write(tmp_path, text))
    assert e.params["line"] == 3
    assert e.params["column"] == "value_now"
    assert e.params["value"] == value
    assert str(e) == ("Value table %s, line 3: value_now '%s' is not a number between 0 and 24. "
                      "Correct the value or remove the line." % (tmp_path / "table.csv", value))


def test_boundary_values_accepted(tmp_path):
    t = load_value_table(write(tmp_path, HEADER + "\n1,A,0,G,24,,\n2,B,24,G,24,,\n"))
    assert t["1"].value_now == 0.0 and t["1"].value_target == 24.0 and t["2"].value_now == 24.0


def test_target_out_of_range(tmp_path):
    e = error_of(write(tmp_path, HEADER + "\n1010,A,7,G,30,,\n"))
    assert (e.params["line"], e.params["column"], e.params["value"]) == (2, "value_target", "30")


def test_measure_without_target(tmp_path):
    e = error_of(write(tmp_path, HEADER + "\n1010,A,7,Grünland,,,\n"))
    assert e.params["line"] == 2 and e.params["measure"] == "Grünland"
    assert "value_target" in str(e)


def test_target_without_measure(tmp_path):
    e = error_of(write(tmp_path, HEADER + "\n1010,A,7,,15,,\n"))
    assert e.params["line"] == 2 and "measure is empty" in str(e)


@pytest.mark.parametrize("pik", ["PIK,", ",10"])
def test_pik_pair_incomplete(tmp_path, pik):
    e = error_of(write(tmp_path, HEADER + "\n1010,A,7,G,15,%s\n" % pik))
    assert e.params["line"] == 2 and "both or neither" in str(e)


def test_pik_without_measure(tmp_path):
    e = error_of(write(tmp_path, HEADER + "\n1010,A,7,,,PIK,10\n"))
    assert e.params["line"] == 2 and "PIK" in str(e)


def test_target_below_value_now(tmp_path):
    e = error_of(write(tmp_path, HEADER + "\n1010,A,7,G,15,PIK,6\n"))
    assert (e.params["line"], e.params["column"]) == (2, "pik_value_target")
    assert e.params["target"] == 6.0 and e.params["now"] == 7.0


def test_duplicate_code_names_both_lines(tmp_path):
    e = error_of(write(tmp_path, HEADER + "\n1010,A,7,G,15,,\n1020,B,8,G,15,,\n\n1010.0,C,7,G,15,,\n"))
    assert (e.params["code"], e.params["first"], e.params["line"]) == ("1010", 2, 5)
    assert "line 2" in str(e) and "line 5" in str(e)


def test_empty_code(tmp_path):
    e = error_of(write(tmp_path, HEADER + "\n ,A,7,G,15,,\n"))
    assert e.params["line"] == 2 and "code is empty" in str(e)


def test_invalid_landuse_kind_and_woody_flag(tmp_path):
    head = HEADER + ",landuse_kind,measure_woody\n"
    e = error_of(write(tmp_path, head + "1010,A,7,G,15,,,acre,0\n"))
    assert e.params["line"] == 2 and e.params["value"] == "acre"
    assert e.params["allowed"] == ", ".join(LANDUSE_KINDS)
    e = error_of(write(tmp_path, head + "1010,A,7,G,15,,,arable,maybe\n"))
    assert e.params["line"] == 2 and e.params["column"] == "measure_woody"


def test_too_many_fields(tmp_path):
    e = error_of(write(tmp_path, HEADER + "\n1010,A,7,G,15,,\n1020,Acker, Löss,7,G,15,,\n"))
    assert e.params["line"] == 3 and e.params["count"] == 8 and e.params["expected"] == 7


def test_not_utf8_names_line(tmp_path):
    data = (HEADER + "\n1010,Acker,7,G,15,,\n1020,Grünland,8,G,15,,\n").encode("cp1252")
    e = error_of(write(tmp_path, data))
    assert e.params["line"] == 3 and "UTF-8" in str(e)


def test_empty_file_and_header_only(tmp_path):
    e = error_of(write(tmp_path, "\n\n", name="empty.csv"))
    assert "is empty" in str(e)
    e = error_of(write(tmp_path, HEADER + "\n", name="header.csv"))
    assert "no rows" in str(e) and e.params["line"] == 1


def test_missing_file(tmp_path):
    e = error_of(tmp_path / "nope.csv")
    assert "cannot be read" in str(e)


def test_duplicate_header_column(tmp_path):
    e = error_of(write(tmp_path, HEADER + ",code\n1010,A,7,G,15,,,x\n"))
    assert e.params["column"] == "code" and e.params["line"] == 1


# --------------------------------------------------------------------------- shipped default

def test_default_table():
    t = load_value_table(DEFAULT_TABLE_PATH)
    text = DEFAULT_TABLE_PATH.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith(HEADER)
    for code in ("43001_1010", "43001_1020", "43001_1021", "43001_1200", "43002", "43003",
                 "44001", "41001", "42001"):
        assert code in t, code
    for row in t:
        assert row.source.startswith("BKompV 2020"), row.code  # one citation per row
        assert 0 <= row.value_now <= 24
    # values as in docs/domain.md (BKompV 2020 Anlage 2)
    a = t["43001_1010"]
    assert (a.value_now, a.value_target, a.landuse_kind) == (7.0, 15.0, "arable")
    assert a.has_pik and a.pik_value_target == 10.0 and not a.measure_woody
    g = t["43001_1020"]
    assert (g.value_now, g.value_target, g.landuse_kind, g.has_pik) == (8.0, 15.0, "grassland", False)
    o = t["43001_1021"]
    assert (o.value_now, o.value_target, o.landuse_kind, o.measure_woody) == (12.0, 19.0, "orchard", True)
    assert t["43001_1200"].landuse_kind == "fallow" and 8 <= t["43001_1200"].value_now <= 11
    assert t["43002"].landuse_kind == "forest"
    assert t["43003"].landuse_kind == "woody" and not t["43003"].has_measure
    w = t["44001"]
    assert w.landuse_kind == "water" and 5 <= w.value_now <= 8 and w.value_target == 22.0
    assert not w.measure_woody
    for code in ("41001", "42001"):
        assert t[code].value_now == 0.0 and not t[code].has_measure and t[code].landuse_kind == "sealed"
    # only arable rows offer PIK in the default table
    assert [r.code for r in t if r.has_pik] == ["43001_1010"]
