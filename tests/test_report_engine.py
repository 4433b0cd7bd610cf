"""The report engine without QGIS layers: templates, values, sandbox, escaping, atomic files."""
import json
import re
import shutil

import docx
import pytest

from wertvoll.report import data, engine
from wertvoll.report.engine import ReportError

HOSTILE = "<script>alert(1)</script> {{ 7*7 }} {% if 1 %}x{% endif %} & ß"


def builtin(name):
    return engine.load_template(engine.BUILTIN_DIR / name, builtin=True)


def docx_text(path):
    document = docx.Document(str(path))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def own_template(tmp_path, html, fields=(), name="eigene"):
    folder = tmp_path / name
    folder.mkdir()
    (folder / "template.json").write_text(json.dumps({
        "title": {"de": "Eigene", "en": "Own"}, "fields": list(fields),
        "slots": [{"kind": "COMPENSATION", "required": True}],
    }), encoding="utf-8")
    (folder / "template.html.j2").write_text(html, encoding="utf-8")
    return engine.load_template(folder)


def test_every_builtin_template_loads_and_has_both_files():
    specs = engine.builtin_templates()
    assert [s.name for s in specs] == list(engine.BUILTIN_NAMES)
    for spec in specs:
        assert spec.html_path.is_file() and spec.docx_path.is_file()
        assert spec.title_in("de") != spec.title_in("en")
        for key, text in spec.labels.items():
            assert text.get("de") and text.get("en"), (spec.name, key)


def test_numbers_are_formatted_per_language():
    assert engine.format_number(1234567.891, 1, "de") == "1.234.567,9"
    assert engine.format_number(1234567.891, 1, "en") == "1,234,567.9"
    assert engine.format_number(None) == ""
    assert engine.format_number(float("nan")) == "–"


def test_values_get_defaults_types_and_clear_errors():
    spec = builtin("kompensation")
    values = engine.resolve_values(spec, {"author": "Amt", "demand": "1.250.000,5", "date": "2026-03-01"})
    assert values["demand"] == 1250000.5 and values["project"] == "Stadt-Land-Partnerschaft Leipzig"
    assert values["date"].isoformat() == "2026-03-01" and values["status"] == "entwurf"
    assert engine.resolve_values(spec, {"author": "Amt", "demand": "600.000"})["demand"] == 600000
    assert engine.resolve_values(spec, {"author": "Amt", "demand": "1,250.5"}, "en")["demand"] == 1250.5
    with pytest.raises(ReportError) as missing:
        engine.resolve_values(spec, {})
    assert "kompensation" in str(missing.value) and "Bearbeitung" in str(missing.value)
    with pytest.raises(ReportError, match="not a valid number"):
        engine.resolve_values(spec, {"author": "Amt", "demand": "viele"})
    with pytest.raises(ReportError, match="not a valid choice"):
        engine.resolve_values(spec, {"author": "Amt", "status": "fertig"})


def test_slot_kinds_are_recognised_by_fields():
    assert engine.kind_from_fields(["from_id", "to_id", "cost", "length_m", "euclid_m"]) == "LINKS"
    assert engine.kind_from_fields(["from_id", "to_id", "length_m"]) == "GAPS"
    assert engine.kind_from_fields(["zone", "threshold_m", "label", "area_m2"]) == "FLOOD_ZONES"
    assert engine.kind_from_fields(["name", "area"]) is None


def test_broken_template_json_names_template_and_line(tmp_path):
    folder = tmp_path / "kaputt"
    folder.mkdir()
    (folder / "template.json").write_text('{"title": "x",\n "fields": [\n}', encoding="utf-8")
    with pytest.raises(ReportError) as error:
        engine.load_template(folder)
    assert "kaputt" in str(error.value) and "line 3" in str(error.value)
    with pytest.raises(ReportError, match="no template.json"):
        engine.load_template(tmp_path)


def test_syntax_error_in_own_template_names_line(tmp_path):
    spec = own_template(tmp_path, "<h1>{{ title }}</h1>\n<p>\n{% for x in %}\n</p>")
    with pytest.raises(ReportError) as error:
        engine.render_html(spec, {"title": "T"})
    message = str(error.value)
    assert "eigene" in message and "line 3" in message and "syntax" in message


def test_undefined_name_is_an_error_with_line(tmp_path):
    spec = own_template(tmp_path, "<p>ok</p>\n<p>{{ nichtda.wert }}</p>")
    with pytest.raises(ReportError) as error:
        engine.render_html(spec, {})
    assert "line 2" in str(error.value) and "nichtda" in str(error.value)


def test_sandbox_refuses_python_internals(tmp_path):
    spec = own_template(tmp_path, "{{ ''.__class__.__mro__ }}")
    with pytest.raises(ReportError) as error:
        engine.render_html(spec, {})
    assert "unsafe" in str(error.value) and "object" not in str(error.value).split("unsafe")[0][-3:]
    spec2 = own_template(tmp_path, "{{ cycler.__init__.__globals__ }}", name="zwei")
    with pytest.raises(ReportError):
        engine.render_html(spec2, {})


def test_template_cannot_include_files_outside_its_folder(tmp_path):
    (tmp_path / "geheim.txt").write_text("GEHEIM", encoding="utf-8")
    spec = own_template(tmp_path, "{% include '../geheim.txt' %}")
    with pytest.raises(ReportError) as error:
        engine.render_html(spec, {})
    assert "GEHEIM" not in str(error.value)


def hostile_context(spec):
    rows = [{"municipality": HOSTILE, "area_m2": 10000.0, "uplift_pts": 130000.0, "score": 1.0,
             "rank": 1, "selected": True, "landuse_label": HOSTILE, "measure": HOSTILE, "notes": HOSTILE}]
    values = engine.resolve_values(spec, {"author": HOSTILE})
    return data.build_context(spec, values, {"COMPENSATION": rows})


def test_hostile_values_appear_literally_in_html_and_word(tmp_path):
    spec = builtin("kompensation")
    context = hostile_context(spec)
    html = engine.render_html(spec, context)
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; {{ 7*7 }} {% if 1 %}x{% endif %} &amp; ß" in html
    assert "49" not in re.sub(r"<style>.*?</style>", "", html, flags=re.S).replace("2049", "")
    target = tmp_path / "k.docx"
    engine.render_docx(spec, context, target)
    text = docx_text(target)
    assert HOSTILE in text  # literally, XML-safe (the file opens)


def test_failed_render_leaves_no_file(tmp_path):
    spec = builtin("kompensation")
    target = tmp_path / "out" / "bericht.docx"
    target.parent.mkdir()
    with pytest.raises(ReportError):
        engine.render_docx(spec, {"title": "T"}, target)  # context lacks everything
    assert list(target.parent.iterdir()) == []
    # a Word template with a broken tag: clear message naming the template and the file
    folder = tmp_path / "wort"
    shutil.copytree(engine.BUILTIN_DIR / "kompensation", folder)
    document = docx.Document(str(folder / "template.docx"))
    document.add_paragraph("{% if %}")
    document.save(str(folder / "template.docx"))
    broken = engine.load_template(folder)
    with pytest.raises(ReportError) as error:
        engine.render_docx(broken, hostile_context(broken), target)
    assert "wort" in str(error.value) and "template.docx" in str(error.value)
    assert list(target.parent.iterdir()) == []


def test_unwritable_folder_is_a_clear_error(tmp_path):
    spec = builtin("kompensation")
    with pytest.raises(ReportError, match="does not exist"):
        engine.write_html(spec, hostile_context(spec), tmp_path / "fehlt" / "b.html")


def test_user_templates_are_listed_beside_builtins(tmp_path):
    own_template(tmp_path, "<p>x</p>")
    (tmp_path / "kaputt").mkdir()
    (tmp_path / "kaputt" / "template.json").write_text("{", encoding="utf-8")
    templates, problems = engine.list_templates(tmp_path)
    names = [t.name for t in templates]
    assert names[:4] == list(engine.BUILTIN_NAMES) and "eigene" in names
    assert len(problems) == 1 and "kaputt" in str(problems[0])


def test_compensation_figures_by_hand():
    # two municipalities; A: 2 ha (130,000 pts, selected) + 1 ha (50,000 pts);
    # B: 0.5 ha (20,000 pts, selected); half of A's first parcel in a water protection zone
    rows = [
        {"municipality": "A", "area_m2": 20000, "uplift_pts": 130000, "selected": True, "rank": 1,
         "score": 0.9, "share_water": 0.5},
        {"municipality": "A", "area_m2": 10000, "uplift_pts": 50000, "selected": False, "rank": 3,
         "score": 0.2},
        {"municipality": "B", "area_m2": 5000, "uplift_pts": 20000, "selected": True, "rank": 2,
         "score": 0.5},
    ]
    c = data.compensation(rows, demand=200000, top_n=2)
    assert (c["count"], c["area_m2"], c["uplift_pts"]) == (3, 35000, 200000)
    assert (c["selected_count"], c["selected_area_m2"], c["selected_pts"]) == (2, 25000, 150000)
    assert c["demand_met"] is False and c["gap_pts"] == 50000 and c["demand_share"] == 0.75
    a, b = c["municipalities"]
    assert (a["name"], a["candidates"], a["uplift_pts"], a["selected_pts"], a["water_m2"]) == \
        ("A", 2, 180000, 130000, 10000)
    assert a["share_of_supply"] == 0.9 and b["share_of_supply"] == 0.1
    assert [r["rank"] for r in c["top"]] == [1, 2]
