"""Every headline number of every built-in template, recomputed from the result files without the report code.

The chain runs once on a small generated region (the shipped model, as ``make demo`` does); each
template is then filled from its results. The summary tables of the HTML and Word reports are
compared with figures worked out here from the GeoPackages and CSV files: areas and lengths from
the geometries (shapely), counts and sums from the attributes (OGR), overlaps by geometric union —
so a report that added overlapping zones, dropped rows or rounded wrongly fails.
"""
import csv
import json

import numpy as np
import processing
import pytest
import shapely
from osgeo import ogr

from test_report import docx_rows, german_number, html_rows, value

HA = 1e4
#: a number printed with one decimal of ha (or km, or whole points) matches within half its last digit
ROUNDING = {0: 0.51, 1: 0.051, 2: 0.0051}
OUTPUTS = {  # model output -> file
    "screening:candidates": "kandidaten.gpkg", "riparian:strips": "streifen.gpkg",
    "riparian:river_corridors": "korridore.gpkg", "flood:flood_zones": "zonen.gpkg",
    "network:patches": "kernflaechen.gpkg", "network:links": "verbindungen.gpkg", "network:gaps": "luecken.gpkg",
    "flood:flood_exposure": "betroffenheit.csv", "screening:summary": "gemeinden.csv",
}
DEMAND = 500_000


def features(path):
    """[(shapely geometry or None, {field: value})] of the first layer of *path*."""
    source = ogr.Open(str(path))
    layer = source.GetLayer(0)
    out = []
    for f in layer:
        geometry = f.GetGeometryRef()
        shape = shapely.from_wkb(bytes(geometry.ExportToIsoWkb())) if geometry is not None else None
        out.append((shape, {k: f.GetField(k) for k in f.keys()}))
    return out


def csv_rows(path):
    with open(path, encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def chain(qgis_app, qgis_processing, tmp_path_factory):
    """The model's results on a small region, as files: {output: path}, plus the region's GeoPackage."""
    import make_demo_region
    from qgis.core import QgsApplication

    from conftest import _PROVIDER_KEEPALIVE
    from wertvoll.algorithms.provider import WertvollProvider

    if QgsApplication.processingRegistry().providerById("wertvoll") is None:
        instance = WertvollProvider()
        QgsApplication.processingRegistry().addProvider(instance)
        _PROVIDER_KEEPALIVE[:] = [instance]
    region = tmp_path_factory.mktemp("headline_region")
    made = make_demo_region.generate(region, seed=11, scale=0.1, parcels=500, river_segments=40, patches=6,
                                     dem_size=96)
    gpkg, out = region / "demo_region.gpkg", tmp_path_factory.mktemp("headline_run")

    def layer(name):
        return f"{gpkg}|layername={name}"

    model = QgsApplication.processingRegistry().algorithmById("wertvoll:stadtlandbilanz")
    params = {p.name(): "TEMPORARY_OUTPUT" for p in model.destinationParameterDefinitions()}
    params.update({key: str(out / name) for key, name in OUTPUTS.items()})
    params.update({
        "RIVERS": layer("gewaesser"), "CHANNEL_WIDTH_FIELD": "breite_m", "DEM": str(made["dem"]),
        "BUILTUP": layer("ortslagen"), "PARCELS": layer("flurstuecke"), "LANDUSE_FIELD": "nutzung",
        "SOIL_FIELD": "bodenzahl", "EXCLUSIONS": [layer("ortslagen"), layer("verkehr")],
        "WATER_PROTECTION": layer("wasserschutzgebiete"), "FLOODPLAIN": layer("ueberschwemmungsgebiet"),
        "MUNICIPALITIES": layer("gemeinden"), "MUNICIPALITY_FIELD": "name", "PATCHES": layer("habitate"),
        "DEMAND": DEMAND, "AUTHOR": "Prüfung",
        "report:report_html": str(out / "bilanz.html"), "report:report_docx": str(out / "bilanz.docx")})
    processing.run("wertvoll:stadtlandbilanz", params)
    return {key: out / name for key, name in OUTPUTS.items()}, out, gpkg


def report(chain, template, **slots):
    """Fill *template* from the chain's files given as slots {kind: output}; (HTML rows, Word rows)."""
    files, out, _region = chain
    params = {"TEMPLATE": template, "FIELDS": json.dumps({"author": "Prüfung", "demand": DEMAND}), "MAPS": False,
              "OUTPUT_HTML": str(out / f"{template}.html"), "OUTPUT_DOCX": str(out / f"{template}.docx")}
    params.update({kind: str(files[output]) for kind, output in slots.items()})
    processing.run("wertvoll:report", params)
    return html_rows(out / f"{template}.html"), docx_rows(out / f"{template}.docx")


def check(reports, expected):
    """Every {label: (number, decimals)} of *expected* is printed so in both reports."""
    for rows in reports:
        for label, (number, decimals) in expected.items():
            printed = value(rows, label)
            assert german_number(printed) == pytest.approx(number, abs=ROUNDING[decimals]), (label, printed, number)


def candidate_figures(path):
    rows = [a for _g, a in features(path)]
    chosen = [a for a in rows if a["selected"]]
    uplift, picked = sum(a["uplift_pts"] for a in rows), sum(a["uplift_pts"] for a in chosen)
    return rows, chosen, uplift, picked


def ring(zone):
    """The zones of the height thresholds: not zone 0 and not zone 100 (calibrated), which overlap them."""
    return 0 < int(zone) < 100


def flood_figures(path):
    """Zone 0, the estimated zones, their part outside zone 0, the union and the calibrated zone 100 —
    from the geometries."""
    zones = {a["zone"]: g for g, a in features(path)}
    official = zones.get(0)
    estimated = shapely.union_all([g for z, g in zones.items() if ring(z)])
    assert official is not None and not estimated.is_empty  # the small region has both
    return {"official": official.area, "estimated": sum(g.area for z, g in zones.items() if ring(z)),
            "outside": shapely.difference(estimated, official).area,
            "union": shapely.union(estimated, official).area,
            "calibrated": zones[100].area if 100 in zones else None}


def test_kompensation_headlines(chain):
    files, _out, _region = chain
    rows, chosen, uplift, picked = candidate_figures(files["screening:candidates"])
    geometry_m2 = sum(g.area for g, _a in features(files["screening:candidates"]))
    assert sum(a["area_m2"] for a in rows) == pytest.approx(geometry_m2, rel=1e-6)  # area_m2 is the polygons'
    reports = report(chain, "kompensation", COMPENSATION="screening:candidates", SUMMARY="screening:summary")
    check(reports, {
        "Kandidatenflächen": (len(rows), 0), "Fläche (ha)": (geometry_m2 / HA, 1),
        "Aufwertung (Wertpunkte)": (uplift, 0), "Ausgewählt (Anzahl)": (len(chosen), 0),
        "Ausgewählt (Fläche (ha))": (sum(g.area for g, a in features(files["screening:candidates"]) if a["selected"])
                                     / HA, 1),
        "Ausgewählt (Wertpunkte)": (picked, 0), "Bedarf (Wertpunkte)": (DEMAND, 0),
        "Fehlende Wertpunkte": (max(DEMAND - picked, 0), 0)})
    for rows_ in reports:
        assert value(rows_, "Bedarf gedeckt") == ("ja" if picked >= DEMAND else "nein")


def test_gewaesser_headlines(chain):
    files, _out, _region = chain
    flood = flood_figures(files["flood:flood_zones"])
    exposure = csv_rows(files["flood:flood_exposure"])
    reports = report(chain, "gewaesser", STRIPS="riparian:strips", CORRIDORS_RIVER="riparian:river_corridors",
                     FLOOD_ZONES="flood:flood_zones", FLOOD_EXPOSURE="flood:flood_exposure")
    check(reports, {
        "Gewässerrandstreifen (ha)": (sum(g.area for g, _a in features(files["riparian:strips"])) / HA, 1),
        "Entwicklungskorridore (ha)": (sum(g.area for g, _a in features(files["riparian:river_corridors"])) / HA, 1),
        "Festgesetztes Überschwemmungsgebiet, Zone 0 (ha)": (flood["official"] / HA, 1),
        "Aus dem Gelände geschätzte Zonen (ha)": (flood["estimated"] / HA, 1),
        "davon außerhalb des festgesetzten Gebiets (ha)": (flood["outside"] / HA, 1),
        "Festgesetzt oder geschätzt, jede Fläche einmal gezählt (ha)": (flood["union"] / HA, 1),
        "Betroffene Fläche im festgesetzten Gebiet (ha)": (
            sum(float(r["area_m2"]) for r in exposure if int(r["zone"]) == 0) / HA, 1),
        "Betroffene Fläche in den geschätzten Zonen (ha)": (
            sum(float(r["area_m2"]) for r in exposure if ring(r["zone"])) / HA, 1)})
    assert flood["calibrated"]  # the demo's rivers without official zone get zone 100
    check(reports, {"Geschätztes HQ100 an Gewässern ohne festgesetztes Gebiet, an den festgesetzten kalibriert "
                    "(ha)": (flood["calibrated"] / HA, 1)})
    # the union is less than zone 0 plus the estimated zones: adding them would count the overlap twice
    assert flood["union"] < flood["official"] + flood["estimated"] - HA


def test_exposure_in_zone_0_is_the_parcels_inside_it(chain):
    """The exposure the report sums equals the parcels cut by the official zone (the model's EXPOSURE input)."""
    files, _out, region = chain
    parcels = _layer_geometries(region, "flurstuecke")
    official = {a["zone"]: g for g, a in features(files["flood:flood_zones"])}[0]
    expected = float(np.sum(shapely.area(shapely.intersection(parcels, official))))
    reported = sum(float(r["area_m2"]) for r in csv_rows(files["flood:flood_exposure"]) if int(r["zone"]) == 0)
    assert reported == pytest.approx(expected, rel=1e-3)


def _layer_geometries(gpkg, name):
    source = ogr.Open(str(gpkg))  # kept: its layer dies with it
    layer = source.GetLayerByName(name)
    return np.array([shapely.from_wkb(bytes(f.GetGeometryRef().ExportToIsoWkb())) for f in layer], dtype=object)


def test_biotopverbund_headlines(chain):
    files, _out, _region = chain
    patches = features(files["network:patches"])
    links = features(files["network:links"])
    gaps = features(files["network:gaps"])
    reports = report(chain, "biotopverbund", PATCHES="network:patches", LINKS="network:links", GAPS="network:gaps")
    check(reports, {
        "Kernflächen": (len(patches), 0), "Fläche der Kernflächen (ha)": (sum(g.area for g, _a in patches) / HA, 1),
        "Verbindungen": (len(links), 0), "Länge der Verbindungen (km)": (sum(g.length for g, _a in links) / 1e3, 1),
        "Zusammenhängende Komponenten": (len({a["component"] for _g, a in patches}), 0),
        "Lücken": (len(gaps), 0), "Länge der Lücken (km)": (sum(g.length for g, _a in gaps) / 1e3, 2)})


def test_stadt_land_bilanz_headlines(chain):
    """The model's own report: balance, per-municipality supply, rivers and floods, network."""
    files, out, _region = chain
    rows, _chosen, uplift, picked = candidate_figures(files["screening:candidates"])
    flood = flood_figures(files["flood:flood_zones"])
    reports = html_rows(out / "bilanz.html"), docx_rows(out / "bilanz.docx")
    check(reports, {
        "Bedarf (Wertpunkte)": (DEMAND, 0), "Aufwertung (Wertpunkte)": (uplift, 0),
        "Ausgewählt (Wertpunkte)": (picked, 0), "Fehlende Wertpunkte": (max(DEMAND - picked, 0), 0),
        "Gewässerrandstreifen (ha)": (sum(g.area for g, _a in features(files["riparian:strips"])) / HA, 1),
        "Festgesetztes Überschwemmungsgebiet, Zone 0 (ha)": (flood["official"] / HA, 1),
        "Aus dem Gelände geschätzte Zonen (ha)": (flood["estimated"] / HA, 1),
        "Festgesetzt oder geschätzt, jede Fläche einmal gezählt (ha)": (flood["union"] / HA, 1),
        "Kernflächen": (len(features(files["network:patches"])), 0),
        "Verbindungen": (len(features(files["network:links"])), 0)})
    supply = {}
    for a in rows:
        supply[a["municipality"]] = supply.get(a["municipality"], 0.0) + a["uplift_pts"]
    for rows_ in reports:
        printed = {}
        for r in rows_:  # the first table per municipality: supply (the second holds co-benefit areas)
            if len(r) == 5 and r[0] in supply:
                printed.setdefault(r[0], german_number(r[2]))
        assert printed == pytest.approx(supply, abs=0.51)
        assert "Hochwasserzonen (ha)" not in {r[0] for r in rows_ if r}  # the old sum of overlapping zones


def returns_by_hand(files, region):
    """{municipality: (kg N/a, t CO2/a)} of the selected candidates and the total, recomputed from each
    candidate's land use, measure, area and its parcel's soil index - with the shipped factors written out
    (resources/water_climate; the chain gives no percolation raster: 85 mm/a everywhere):

        arable -> meadow    73 kg N/ha·a surplus cut;  F 0.77 -> 0.93
        arable -> PIK       73 - 52.6;                  F unchanged
        intensive grassland -> extensive: no nitrate figure; F 1.14 -> 1.0
        fallow -> meadow    0;                          F 0.93 -> 0.93
        soil index < 30 sand (nFKWe 73 mm, SOC_REF 13), < 55 loamy sand (160, 43), else loess (229, 43)
    """
    source = ogr.Open(str(region))
    soil = {f.GetFID(): f.GetField("bodenzahl") for f in source.GetLayerByName("flurstuecke")}
    sums = {}
    for _g, a in features(files["screening:candidates"]):
        if not a["selected"]:
            continue
        index = soil[a["src_fid"]]
        nfk, soc = (73, 13) if index is not None and index < 30 else (
            (229, 43) if index is not None and index >= 55 else (160, 43))
        ha = a["area_m2"] / HA
        fraction = min(1.0, 85 / nfk)
        if a["landuse"] == "43001_1010":
            n, delta = ((73 - 52.6) * fraction, 0.0) if a["pik"] else (73 * fraction, 0.93 - 0.77)
        elif a["landuse"] == "43001_1020":
            n, delta = 0.0, 1.0 - 1.14
        else:
            n, delta = 0.0, 0.0
        kg, co2 = n * ha, soc * delta / 20 * 44 / 12 * ha
        for key in (a["municipality"], "Summe"):
            old = sums.get(key, (0.0, 0.0))
            sums[key] = (old[0] + kg, old[1] + co2)
    return sums


def test_returns_table_recomputed_from_land_use_soil_and_area(chain):
    """The 'what the city gets back' table: nitrate avoided and CO2 stored by the selected measures."""
    files, out, region = chain
    expected = returns_by_hand(files, region)
    assert expected["Summe"][0] > 0  # (the small demand is met by PIK on good soils: no carbon change there)
    kompensation = report(chain, "kompensation", COMPENSATION="screening:candidates", SUMMARY="screening:summary")
    for rows in (*kompensation, html_rows(out / "bilanz.html"), docx_rows(out / "bilanz.docx")):
        start = next(i for i, r in enumerate(rows) if "Nitrat vermieden (kg N/a)" in r)
        printed = {}
        for r in rows[start + 1:]:
            printed[r[0]] = (german_number(r[3]), german_number(r[4]))
            if r[0] == "Summe":
                break
        assert set(printed) == set(expected)
        for name, (kg, co2) in expected.items():
            assert printed[name][0] == pytest.approx(kg, abs=0.51), name
            assert printed[name][1] == pytest.approx(co2, abs=0.051), name
