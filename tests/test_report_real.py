"""The water report on the real Leipzig data (../shared/data/real): the chain a planner runs.

Riparian strips and flood zones are computed with default parameters on the stream lines
derived from the DGM200 window; the report's headline areas must equal the output layers'
own geometry areas (QGIS geometry, not the report code), and the zones must not overlap
(so their sum is also the flooded area).
"""
import json

import processing
import pytest
from qgis.core import QgsGeometry, QgsVectorLayer

from layers import skipping_invalid
from test_report import docx_rows, german_number, html_rows, value


def geometry_area_ha(layer):
    return sum(f.geometry().area() for f in layer.getFeatures()) / 1e4


def union_area_ha(layer):
    return QgsGeometry.unaryUnion([f.geometry() for f in layer.getFeatures()]).area() / 1e4


def water_outputs(real_data, tmp_path):
    streams = skipping_invalid(str(real_data / "leipzig_streams_dgm200.gpkg") + "|layername=streams")
    dem = str(real_data / "DGM200_leipzig_window_25833.tif")
    strips = processing.run("wertvoll:riparianstrips", {
        "INPUT": streams, "OUTPUT_STRIPS": str(tmp_path / "strips.gpkg")})["OUTPUT_STRIPS"]
    zones = processing.run("wertvoll:floodriskzones", {
        "RIVERS": streams, "DEM": dem, "OUTPUT_ZONES": str(tmp_path / "zones.gpkg")})["OUTPUT_ZONES"]
    return QgsVectorLayer(strips, "strips", "ogr"), QgsVectorLayer(zones, "zones", "ogr")


def test_water_report_on_real_data_equals_the_layers(provider, real_data, tmp_path):
    strips, zones = water_outputs(real_data, tmp_path)
    assert strips.featureCount() > 0 and zones.featureCount() > 0
    strip_ha, zone_ha = geometry_area_ha(strips), geometry_area_ha(zones)
    # the estimated zones are rings of height above the river: disjoint, so sum == union
    assert union_area_ha(zones) == pytest.approx(zone_ha, rel=1e-6)
    # plausibility that can fail: 254 segments of a 36 x 38 km window, strips of 5-10 m per side
    assert 50 < strip_ha < 5000
    processing.run("wertvoll:report", {
        "TEMPLATE": "gewaesser", "FIELDS": json.dumps({"author": "Test"}), "STRIPS": strips,
        "FLOOD_ZONES": zones, "OUTPUT_HTML": str(tmp_path / "w.html"), "OUTPUT_DOCX": str(tmp_path / "w.docx")})
    for rows in (html_rows(tmp_path / "w.html"), docx_rows(tmp_path / "w.docx")):
        assert german_number(value(rows, "Gewässerrandstreifen (ha)")) == pytest.approx(strip_ha, abs=0.051)
        assert german_number(value(rows, "Aus dem Gelände geschätzte Zonen (ha)")) == pytest.approx(zone_ha, abs=0.051)
