"""The provenance record of a run: written into its outputs, read back from new layer objects, reproducible.

The small riparian world (EPSG:25833, metres): two river axes, (0,0)-(1000,0) and (0,500)-(1000,500),
10 m wide, no built-up area, no DEM, BANK_HEIGHT 0. The Saxon rule gives two bands outside
built-up areas, 0-5 m and 5-10 m; dissolved (the default) that is exactly 2 strip features,
whatever the river count. Expected defaults (from the parameters' help in riparian_strips.py):
WIDTH_OUTSIDE 10 m cites SächsWG §24(2), BANK_SLOPE 1.5 is an assumption (Annahme).
"""
import datetime
import hashlib
import json
import os
import re
import shlex
from pathlib import Path

import processing
import pytest
from qgis.core import (
    Qgis,
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProject,
    QgsRasterLayer,
    QgsVectorFileWriter,
    QgsVectorLayer,
)

from layers import memory_layer, square, table_rows

ROOT = Path(__file__).resolve().parent.parent
RIVERS = [("LINESTRING(0 0, 1000 0)", {"gew_id": 7, "breite": 10.0}),
          ("LINESTRING(0 500, 1000 500)", {"gew_id": 8, "breite": 10.0})]


def sha256_of(path):
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def to_geopackage(layer, path):
    options = QgsVectorFileWriter.SaveVectorOptions()
    options.driverName = "GPKG"
    error = QgsVectorFileWriter.writeAsVectorFormatV3(layer, str(path), QgsProject.instance().transformContext(),
                                                      options)
    assert error[0] == QgsVectorFileWriter.NoError, error
    return str(path)


@pytest.fixture
def rivers_file(tmp_path):
    rivers = memory_layer("LineString", "EPSG:25833", ["gew_id:integer", "breite:double"], RIVERS, "rivers")
    return to_geopackage(rivers, tmp_path / "rivers.gpkg")


def run_strips(rivers, out, **extra):
    params = {"INPUT": rivers, "CHANNEL_WIDTH_FIELD": "breite", "BANK_HEIGHT": 0, "OUTPUT_STRIPS": out,
              "OUTPUT_CORRIDORS": "memory:", "OUTPUT_LANDUSE": "memory:", **extra}
    context = QgsProcessingContext()
    return processing.run("wertvoll:riparianstrips", params, context=context,
                          feedback=QgsProcessingFeedback()), context


def record_of(path):
    from wertvoll.report.provenance import read_provenance

    layer = QgsVectorLayer(path, "reopened", "ogr")  # a new layer object: nothing cached from the run
    assert layer.isValid()
    return read_provenance(layer)


def parameter(record, name):
    return next(entry for entry in record["parameters"] if entry["name"] == name)


def test_geopackage_output_carries_the_record(provider, rivers_file, tmp_path):
    out = str(tmp_path / "strips.gpkg")
    run_strips(rivers_file, out)
    record = record_of(out)
    assert record["algorithm"]["id"] == "wertvoll:riparianstrips"
    assert record["output"]["name"] == "OUTPUT_STRIPS"
    assert parameter(record, "CHANNEL_WIDTH_FIELD")["value"] == "breite"
    assert parameter(record, "INPUT")["value"] == rivers_file
    assert "default" not in parameter(record, "BANK_HEIGHT")  # given: 0, its default is 1
    (given,) = record["inputs"]
    assert (given["parameter"], given["features"], given["crs"]) == ("INPUT", 2, "EPSG:25833")
    assert given["path"] == rivers_file
    assert abs(datetime.datetime.fromisoformat(given["modified"]).timestamp() - os.path.getmtime(rivers_file)) < 1
    (table,) = record["tables"]
    shipped = ROOT / "resources" / "riparian_river_types.csv"
    assert Path(table["path"]).resolve() == shipped.resolve()
    assert table["sha256"] == sha256_of(shipped)
    version = re.search(r"^version=(.+)$", (ROOT / "metadata.txt").read_text(encoding="utf-8"), re.MULTILINE)
    assert record["versions"] == {"plugin": version.group(1).strip(), "qgis": Qgis.QGIS_VERSION}


def test_defaults_name_their_source_or_assumption(provider, rivers_file, tmp_path):
    out = str(tmp_path / "strips.gpkg")
    run_strips(rivers_file, out)
    record = record_of(out)
    outside = parameter(record, "WIDTH_OUTSIDE")
    assert outside["value"] == "10.0" and outside["default"]["status"] == "cited"
    assert "SächsWG §24(2)" in outside["default"]["text"]
    slope = parameter(record, "BANK_SLOPE")
    assert slope["default"]["status"] == "assumption" and "Annahme" in slope["default"]["text"]
    assert parameter(record, "DEFAULT_CHANNEL_WIDTH")["default"]["status"] == "none"  # its help cites nothing


def test_the_command_reproduces_the_run(provider, rivers_file, tmp_path):
    out = str(tmp_path / "strips.gpkg")
    first, _ = run_strips(rivers_file, out, RULESET="federal")
    words = shlex.split(record_of(out)["command"])
    assert words[:3] == ["qgis_process.bin", "run", "wertvoll:riparianstrips"]
    params = {}
    for word in words[3:]:
        name, _, value = word[2:].partition("=")
        params[name] = value
    assert params["RULESET"] == "federal" and params["OUTPUT_STRIPS"] == out
    again = str(tmp_path / "again.gpkg")
    params["OUTPUT_STRIPS"] = again
    processing.run("wertvoll:riparianstrips", params, context=QgsProcessingContext(),
                   feedback=QgsProcessingFeedback())
    # federal: one 5 m band outside, none inside, no fertiliser band: 1 feature, in both runs
    assert QgsVectorLayer(again, "again", "ogr").featureCount() == 1
    assert QgsVectorLayer(out, "first", "ogr").featureCount() == 1


def test_a_failed_run_writes_no_record_and_keeps_the_earlier_one(provider, rivers_file, tmp_path, monkeypatch):
    from wertvoll.algorithms.outputs import OutputsMixin

    out, fresh = str(tmp_path / "strips.gpkg"), str(tmp_path / "fresh.gpkg")
    run_strips(rivers_file, out)
    earlier, digest = record_of(out), sha256_of(out)
    real = OutputsMixin.write_output

    def write_output(self, parameters, context, name, table):
        result = real(self, parameters, context, name, table)
        if name == "OUTPUT_LANDUSE":  # the last output: the strips are written by now
            raise QgsProcessingException("disk full")
        return result

    monkeypatch.setattr(OutputsMixin, "write_output", write_output)
    for target in (out, fresh):
        with pytest.raises(QgsProcessingException):
            run_strips(rivers_file, target, RULESET="federal")
    assert sha256_of(out) == digest
    assert record_of(out) == earlier
    assert not Path(fresh).exists()


def screening_params(table, out):
    parcels = memory_layer("Polygon", "EPSG:25833", ["nutzung:string"],
                           [(square(0, 0, 100, 100), {"nutzung": "43001_1010"}),
                            (square(200, 0, 300, 100), {"nutzung": "43001_1020"}),
                            (square(400, 0, 500, 100), {"nutzung": "99"})], "parcels")
    return {"INPUT": parcels, "LANDUSE_FIELD": "nutzung", "VALUE_TABLE": table, "MIN_AREA": 1000,
            "OUTPUT": out, "OUTPUT_SUMMARY": "memory:"}


def test_value_table_checksum_of_an_own_table(provider, tmp_path):
    table = tmp_path / "own.csv"
    table.write_text("code;label;value_now;measure;value_target;pik_measure;pik_value_target\n"
                     "43001_1010;Acker;7;Grünland;15;;\n43001_1020;Grünland;8;Extensivgrünland;15;;\n",
                     encoding="utf-8")
    out = str(tmp_path / "candidates.gpkg")
    processing.run("wertvoll:compensationscreening", screening_params(str(table), out),
                   context=QgsProcessingContext(), feedback=QgsProcessingFeedback())
    record = record_of(out)
    factors = ROOT / "resources" / "water_climate"
    assert record["tables"] == [{"parameter": "VALUE_TABLE", "path": str(table), "sha256": sha256_of(table)}] + [
        {"parameter": name, "path": str(factors / file), "sha256": sha256_of(factors / file)}
        for name, file in (("FACTORS_LAND", "land_states.csv"), ("FACTORS_SOIL", "soil_classes.csv"))]
    assert record["inputs"][0]["features"] == 3


def test_memory_output_and_the_shipped_value_table(provider):
    from wertvoll.report.provenance import read_provenance

    context = QgsProcessingContext()
    result = processing.run("wertvoll:compensationscreening", screening_params(None, "memory:"),
                            context=context, feedback=QgsProcessingFeedback())
    layer = result["OUTPUT"]
    layer = layer if isinstance(layer, QgsVectorLayer) else context.getMapLayer(layer)
    record = read_provenance(layer)
    shipped = ROOT / "resources" / "value_tables" / "bkompv_default.csv"
    table, land, soil = record["tables"]  # the value table and the two factor tables of the nitrate/carbon estimates
    assert Path(table["path"]).resolve() == shipped.resolve() and table["sha256"] == sha256_of(shipped)
    assert (land["parameter"], Path(land["path"]).name, soil["parameter"], Path(soil["path"]).name) == (
        "FACTORS_LAND", "land_states.csv", "FACTORS_SOIL", "soil_classes.csv")
    assert record["algorithm"]["id"] == "wertvoll:compensationscreening"


def test_raster_output_carries_the_record_and_csv_has_none(provider, tmp_path):
    from test_flood_risk_zones import dem_file, river_layer

    from wertvoll.report.provenance import read_provenance

    height = str(tmp_path / "height.tif")
    processing.run("wertvoll:floodriskzones",
                   {"RIVERS": river_layer(), "DEM": dem_file(tmp_path), "THRESHOLDS": "1,2,3",
                    "OUTPUT_ZONES": "memory:", "OUTPUT_EXPOSURE": "memory:", "OUTPUT_HEIGHT": height},
                   context=QgsProcessingContext(), feedback=QgsProcessingFeedback())
    record = read_provenance(QgsRasterLayer(height, "height", "gdal"))
    assert record["algorithm"]["id"] == "wertvoll:floodriskzones"
    assert record["output"]["name"] == "OUTPUT_HEIGHT"
    assert parameter(record, "THRESHOLDS")["default"]["status"] == "assumption"  # "1,2,3" is its default
    assert {entry["parameter"] for entry in record["inputs"]} == {"RIVERS", "DEM"}
    csv = tmp_path / "table.csv"
    csv.write_text("a,b\n1,2\n", encoding="utf-8")
    assert read_provenance(QgsVectorLayer(str(csv), "csv", "ogr")) is None


@pytest.mark.parametrize("help_text, status", [
    ("Default 1 m: an assumption of this plugin (Annahme), not from a source.", "assumption"),
    (("The strip width.", "Default 10 m = SächsWG §24(2)."), "cited"),
    ("custom: widths, e.g. as set by the authority. Default 5 m.", "none"),
    ("No default is named here.", "none"),
])
def test_default_source_reads_the_help(help_text, status):
    from wertvoll.algorithms.provenance import default_source

    assert default_source(help_text)["status"] == status


def test_default_source_keeps_abbreviations_in_the_sentence():
    from wertvoll.algorithms.provenance import default_source

    text = "Other text. saxony (default): SächsWG §24(3) no. 1, e.g. as set by law. Next sentence."
    assert default_source(text)["text"] == "saxony (default): SächsWG §24(3) no. 1, e.g. as set by law."


FIELDS = {"project": "Mulde", "author": "Test", "date": "2025-05-01", "status": "entwurf"}


def _appendix():
    """The appendix outline proposed for scripts/make_templates.py (the lead adds it to the templates)."""
    from make_templates import block, h, kv, loop, p

    return [
        block("if provenance"),
        h("{{ L.prov_title }}"),
        p("{{ L.prov_intro }}"),
        block("for r in provenance"),
        kv([("L.prov_result", "r.result"), ("L.prov_algorithm", "r.algorithm"), ("L.prov_run", "r.run"),
            ("L.prov_versions", "r.versions"), ("L.prov_command", "r.command")]),
        loop(["L.prov_parameter", "L.prov_value", "L.prov_default", "L.prov_source"], "x in r.parameters",
             ["x.description ~ ' (' ~ x.name ~ ')'", "x.value", "x.default", "x.source"]),
        loop(["L.prov_input", "L.prov_features", "L.prov_crs", "L.prov_modified"], "i in r.inputs",
             ["i.source", "i.features", "i.crs", "i.modified"]),
        block("if r.tables"),
        loop(["L.prov_table", "L.prov_checksum"], "t in r.tables", ["t.path", "t.sha256"]),
        block("endif"),
        block("endfor"),
        block("endif"),
    ]


def test_the_appendix_renders_in_html_and_word(provider, rivers_file, tmp_path):
    import shutil

    import make_templates
    from docx import Document

    from wertvoll.report import data, engine
    from wertvoll.report.provenance import add_provenance

    out = str(tmp_path / "strips.gpkg")
    run_strips(rivers_file, out)
    folder = tmp_path / "gewaesser"
    shutil.copytree(ROOT / "resources" / "templates" / "gewaesser", folder)
    outline = [*make_templates.HEAD, *_appendix(), *make_templates.REMARKS_AND_SOURCE]
    (folder / "template.html.j2").write_text(make_templates.build_html(outline), encoding="utf-8")
    make_templates.build(outline).save(folder / "template.docx")
    spec = engine.load_template(folder)
    strips = QgsVectorLayer(out, "Randstreifen", "ogr")
    plain = memory_layer("Polygon", "EPSG:25833", [], [], "no record")
    context = data.build_context(spec, engine.resolve_values(spec, FIELDS, "de"), {}, "de")
    add_provenance(context, {"STRIPS": strips, "CORRIDORS_RIVER": plain}, "de")
    assert len(context["provenance"]) == 1
    rows = table_rows(engine.render_html(spec, context, "de"))
    facts = {row[0]: row[1] for row in rows if len(row) == 2}
    assert facts["Ergebnis"] == "Randstreifen"
    assert facts["Befehl zur Wiederholung"] == record_of(out)["command"]
    slope = next(row for row in rows if row[0] == "Bank slope 1:n (n) (BANK_SLOPE)")
    assert slope[1:3] == ["1.5", "ja"] and slope[3].startswith("Annahme / assumption: Default 1.5")
    river_table = ROOT / "resources" / "riparian_river_types.csv"
    assert [str(river_table.resolve()), sha256_of(river_table)] in [
        [str(Path(row[0]).resolve()), row[1]] for row in rows if len(row) == 2 and row[0].endswith(".csv")]
    word = tmp_path / "bericht.docx"
    engine.render_docx(spec, context, word, "de")
    text = "\n".join(cell.text for table in Document(str(word)).tables for row in table.rows for cell in row.cells)
    assert sha256_of(river_table) in text and "wertvoll:riparianstrips" in text


def test_records_in_the_report_context_keep_the_templates_labels():
    from wertvoll.report.provenance import add_provenance

    context = add_provenance({"L": {"prov_title": "Eigener Titel", "summary": "Zusammenfassung"}}, {}, "en")
    assert context["provenance"] == []
    assert context["L"]["prov_title"] == "Eigener Titel" and context["L"]["summary"] == "Zusammenfassung"
    assert context["L"]["prov_checksum"] == "Checksum (SHA-256)"
    assert json.dumps(context["L"])  # plain texts


def test_styling_a_loaded_memory_output_keeps_its_record(qgis_app):
    from qgis.core import QgsProcessingContext as Context

    from wertvoll.algorithms.outputs import OutputTagger
    from wertvoll.algorithms.provenance import PROVENANCE_PROPERTY
    from wertvoll.report.provenance import read_provenance
    from wertvoll.styles import apply_style

    layer = memory_layer("Polygon", "EPSG:25833", [], [], "strips")
    layer.setCustomProperty(PROVENANCE_PROPERTY, '{"algorithm": {"id": "wertvoll:riparianstrips"}}')
    apply_style(layer, "STRIPS")  # the style's QML replaces the layer's custom properties
    assert read_provenance(layer) is None
    layer.setCustomProperty(PROVENANCE_PROPERTY, '{"algorithm": {"id": "wertvoll:riparianstrips"}}')
    OutputTagger("STRIPS").postProcessLayer(layer, Context(), QgsProcessingFeedback())
    assert read_provenance(layer) == {"algorithm": {"id": "wertvoll:riparianstrips"}}
