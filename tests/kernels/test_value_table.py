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

# Values typed from BKompV Anlage 2 "Liste der Biotoptypen und -werte" (BGBl. I 2020, S. 1100-1122;
# gesetze-im-internet.de/bkompv/anlage_2.html), biotope code -> Biotoptypenwert, and Anlage 6 A.
# code: (value_now, Anlage 2 row of value_now, value_target or None, Anlage 2 row of the target)
ANLAGE_2 = {
    "43001_1010": (7, "33.04b.03", 15, "34.07b.01"),  # Acker ... fehlender Segetalvegetation (Löss) 7;
                                                       # Mäßig artenreiche, frische Mähwiese 15
    "43001_1020": (8, "34.08a.01", 15, "34.07b.01"),  # Intensiv genutztes, frisches Dauergrünland 8
    "43001_1021": (12, "41.06.01.J", 19, "41.06.01.MA"),  # Streuobst auf Grünland jung 12 / mittel-alt 19
    "43001_1200": (9, "33.04b.04", 15, "34.07b.01"),  # Ackerbrache (Lössboden) 9 (was 10)
    "43002": (13, "43.09M", None, None),               # Laub(misch)holzforste einheimisch, mittel 13
    "43003": (16, "41.03.03M", None, None),            # Sonstige Hecken mittlerer Ausprägung 16 (was 15)
    "44001": (8, "23.03a.01", 17, "23.02"),            # stark beeinträchtigt, typisch 8; mäßig beeintr. 17
    "41001": (5, "53.01.03b", None, None),             # Lockeres Einzelhausgebiet 5 (was 0)
    "41002": (2, "53.01.14a", None, None),             # Industrie- und Gewerbefläche 2 (was 0)
    "41006": (4, "53.01.16a.02", None, None),          # Sonstige Blockbebauung 4 (was 0)
    "41010": (4, "53.01.03c", None, None),             # Verdichtetes Einzel- und Reihenhausgebiet 4
    "42001": (0, "52.01.01a", None, None),             # Versiegelter ... Verkehrs- und Betriebsweg 0
    "42009": (0, "52.03.01", None, None),              # Versiegelter Platz 0
    "42010": (1, "52.04.01", None, None),              # Gleiskörper 1 (was 0)
}


def test_default_table():
    t = load_value_table(DEFAULT_TABLE_PATH)
    text = DEFAULT_TABLE_PATH.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith(HEADER)
    assert sorted(t.codes) == sorted(ANLAGE_2)
    for code, (now, now_row, target, target_row) in ANLAGE_2.items():
        row = t[code]
        assert row.value_now == now, code
        assert row.source.startswith("BKompV 2020 Anlage 2: " + now_row + " "), code  # one citation per row
        assert "Annahme (Plugin): ALKIS" in row.source, code  # the code -> biotope mapping is marked
        if target is None:
            assert not row.has_measure, code
        else:
            assert row.value_target == target and (target_row + " ") in row.source, code
        assert "§10" not in row.source.replace(" ", "") and "+30" not in row.source, code
    a = t["43001_1010"]
    assert a.landuse_kind == "arable" and not a.measure_woody
    # PIK: BKompV §11(1) with Anlage 6 A "Extensiv genutzte Äcker", target biotope 33.04b.02
    # Acker mit artenreicher Segetalvegetation (Lössboden) = 17 in Anlage 2
    assert a.has_pik and a.pik_value_target == 17.0 and "§ 11 Abs. 1 mit Anlage 6 Abschnitt A" in a.source
    assert "33.04b.02" in a.source
    assert t["43001_1021"].measure_woody and t["43001_1021"].landuse_kind == "orchard"
    assert t["43001_1200"].landuse_kind == "fallow" and t["43002"].landuse_kind == "forest"
    assert t["43003"].landuse_kind == "woody" and t["44001"].landuse_kind == "water"
    assert not t["44001"].measure_woody
    for code in ("41001", "41002", "41006", "41010", "42001", "42009", "42010"):
        assert t[code].landuse_kind == "sealed"
    # unsealing: §8(3) BKompV, 30 Wertpunkte je m² zusätzlich, with §11(2) / Anlage 6 B
    assert "30 Wertpunkte/m² nach § 8 Abs. 3 mit § 11 Abs. 2 und Anlage 6 Abschnitt B" in t["41001"].source
    # only arable rows offer PIK in the default table
    assert [r.code for r in t if r.has_pik] == ["43001_1010"]


def test_shipped_methods_and_method_name(tmp_path):
    from wertvoll.kernels.value_table import SHIPPED_TABLES, shipped_table

    assert [k for k, _f, _n in SHIPPED_TABLES] == ["bkompv"]  # the Saxon list is not shipped (README)
    path, name = shipped_table("bkompv")
    assert path == DEFAULT_TABLE_PATH and name.startswith("BKompV 2020, Anlage 2")
    assert load_value_table(path, name).method == name
    assert load_value_table(write(tmp_path, HEADER + "\n1010,A,7,G,15,,\n")).method == ""
    with pytest.raises(KeyError):
        shipped_table("sachsen")
