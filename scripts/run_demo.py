#!/usr/bin/env python3
"""make demo: the whole WERTvoll analysis on the bundled demo region, headless, results in out/.

1. Builds the demo region (Wurzener Land, deterministic) into out/demo/ on first run.
2. Runs the shipped model ``wertvoll:stadtlandbilanz`` — riparian strips → flood-risk zones →
   biotope corridors → compensation screening fed by all three → the "stadt-land-bilanz"
   report — exactly as the toolbox, the Modeler or ``qgis_process`` would run it.
3. Writes the three topic reports (kompensation, gewaesser, biotopverbund) from its results,
   so out/berichte/ holds all four reports as HTML and Word.
4. Writes the demo project out/wertvoll_demo.qgz (relative paths, styled results, a print
   layout, the report dock's fields filled in) and prints a short summary. Results are in
   out/ergebnisse/*.gpkg, tables as CSV in out/, reports in out/berichte/.
"""
import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from qgis_headless import start_qgis  # noqa: E402

MODEL = "wertvoll:stadtlandbilanz"
AUTHOR = "Regionaler Planungsverband Leipzig-Westsachsen (Demo)"

# model output -> (GeoPackage in out/ergebnisse/, German layer name, kind)
LAYERS = {
    "screening:candidates": ("kompensationskandidaten", "Kompensationskandidaten", "COMPENSATION"),
    "riparian:strips": ("gewaesserrandstreifen", "Gewässerrandstreifen", "STRIPS"),
    "riparian:river_corridors": ("entwicklungskorridore", "Gewässerentwicklungskorridore", "CORRIDORS_RIVER"),
    "flood:flood_zones": ("hochwasserzonen", "Hochwasserrisikozonen", "FLOOD_ZONES"),
    "network:patches": ("verbund_kernflaechen", "Kernflächen Biotopverbund", "PATCHES"),
    "network:links": ("verbund_verbindungen", "Biotopverbindungen", "LINKS"),
    "network:gaps": ("verbund_luecken", "Verbundlücken", "GAPS"),
    "network:corridors": ("verbund_korridore", "Verbundkorridore", "NETWORK_CORRIDORS"),
}
TABLES = {  # geometry-less outputs go to CSV (OGR prints a spurious error for such GPKG tables)
    "screening:summary": ("kompensation_gemeinden.csv", "SUMMARY"),
    "riparian:strip_landuse": ("nutzung_in_randstreifen.csv", "STRIP_LANDUSE"),
    "flood:flood_exposure": ("hochwasser_betroffenheit.csv", "FLOOD_EXPOSURE"),
}
TABLE_NAMES = {  # German names of the tables in the demo project (the report panel's table slots)
    "SUMMARY": "Kompensation je Gemeinde", "STRIP_LANDUSE": "Nutzung in Randstreifen",
    "FLOOD_EXPOSURE": "Hochwasserbetroffenheit",
}
INPUTS = [  # demo region layers shown in the project: (layer, German name, visible)
    ("gemeinden", "Gemeinden", True), ("gewaesser", "Gewässer", True), ("ortslagen", "Ortslagen", True),
    ("wasserschutzgebiete", "Trinkwasserschutzgebiete", False),
    ("ueberschwemmungsgebiet", "Überschwemmungsgebiet HQ100", False), ("habitate", "Habitate", False),
    ("flurstuecke", "Flurstücke", False), ("verkehr", "Verkehr", False),
    ("kompensationsflaechen", "Bestehende Kompensationsflächen", False),
]
TOPIC_REPORTS = {  # template -> its slots (kinds)
    "kompensation": ("COMPENSATION", "SUMMARY"),
    "gewaesser": ("STRIPS", "CORRIDORS_RIVER", "STRIP_LANDUSE", "FLOOD_ZONES", "FLOOD_EXPOSURE"),
    "biotopverbund": ("PATCHES", "LINKS", "GAPS"),
}


def gpkg_layer(path, layer):
    return f"{path}|layername={layer}"


DISPERSAL_COST = 10_000.0


def model_parameters(region, dem, results, out, reports, demand=20_000_000):
    """The parameters of the model on the demo region: inputs from *region*/*dem*, results in *results*."""
    params = {
        "RIVERS": gpkg_layer(region, "gewaesser"), "CHANNEL_WIDTH_FIELD": "breite_m", "DEM": str(dem),
        "BUILTUP": gpkg_layer(region, "ortslagen"), "PARCELS": gpkg_layer(region, "flurstuecke"),
        "LANDUSE_FIELD": "nutzung", "SOIL_FIELD": "bodenzahl",
        "EXCLUSIONS": [gpkg_layer(region, n) for n in ("ortslagen", "verkehr", "kompensationsflaechen")],
        "WATER_PROTECTION": gpkg_layer(region, "wasserschutzgebiete"),
        "FLOODPLAIN": gpkg_layer(region, "ueberschwemmungsgebiet"),
        "MUNICIPALITIES": gpkg_layer(region, "gemeinden"), "MUNICIPALITY_FIELD": "name",
        "PATCHES": gpkg_layer(region, "habitate"), "DEMAND": demand, "AUTHOR": AUTHOR,
        # p = 0.5 at half of the species preset long_1000 (1 km × resistance 20; Holzgang et al. 2001)
        "DISPERSAL_COST": DISPERSAL_COST, "ROBUSTNESS_RUNS": 100, "SELECTION": 1,
        "report:report_html": str(reports / "stadt-land-bilanz.html"),
        "report:report_docx": str(reports / "stadt-land-bilanz.docx"),
    }
    # one GeoPackage per result: the model's steps read one result while writing the next
    params.update({key: str(results / f"{table}.gpkg") for key, (table, _n, _k) in LAYERS.items()})
    params.update({key: str(out / name) for key, (name, _k) in TABLES.items()})
    return params


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "out")
    parser.add_argument("--demand", type=float, default=20_000_000,
                        help="eco-points the city needs to place (example: 250 ha arable -> grassland)")
    args = parser.parse_args()
    out = args.out.resolve()
    demo_dir = out / "demo"
    region = demo_dir / "demo_region.gpkg"
    dem = demo_dir / "demo_dem.tif"
    reports = out / "berichte"

    started = time.perf_counter()
    if not region.exists():
        from make_demo_region import generate

        print(f"demo: building the demo region into {demo_dir} ...")
        generate(demo_dir)
    else:
        print(f"demo: using the demo region in {demo_dir}")

    start_qgis(language="de")  # the planners' QGIS speaks German: so do the results' notes
    import processing
    from qgis.core import QgsApplication, QgsProcessingFeedback, QgsVectorLayer

    results = out / "ergebnisse"
    for folder in (results, reports):
        folder.mkdir(parents=True, exist_ok=True)
    for old in [out / "wertvoll_demo.gpkg", out / "wertvoll_demo.qgz", *out.glob("*.csv"), *reports.glob("*.*"),
                *results.glob("*.gpkg")]:
        if old.exists():
            old.unlink()
    if QgsApplication.processingRegistry().algorithmById(MODEL) is None:
        sys.exit(f"demo: {MODEL} is not available - is the plugin complete?")
    feedback = QgsProcessingFeedback()

    print(f"demo: running the model {MODEL} (strips, flood zones, corridors, screening, report) ...")
    t0 = time.perf_counter()
    params = model_parameters(region, dem, results, out, reports, args.demand)
    result = processing.run(MODEL, params, feedback=feedback)
    print(f"demo: model finished in {time.perf_counter() - t0:.1f} s")

    layers = {kind: str(results / f"{table}.gpkg") for table, _n, kind in LAYERS.values()}
    layers.update({kind: str(out / name) for name, kind in TABLES.values()})
    for template, kinds in TOPIC_REPORTS.items():
        t0 = time.perf_counter()
        processing.run("wertvoll:report", {
            "TEMPLATE": template, **{kind: layers[kind] for kind in kinds},
            "FIELDS": f'{{"author": "{AUTHOR}", "demand": {args.demand}}}',
            "MUNICIPALITIES": gpkg_layer(region, "gemeinden"),
            "OUTPUT_HTML": str(reports / f"{template}.html"), "OUTPUT_DOCX": str(reports / f"{template}.docx"),
        }, feedback=feedback)
        print(f"demo: report {template} ({time.perf_counter() - t0:.1f} s)")

    from demo_project import build_demo_project

    project = build_demo_project(
        out / "wertvoll_demo.qgz",
        [(name, gpkg_layer(region, layer), "ogr", visible) for layer, name, visible in INPUTS]
        + [("Geländemodell", str(dem), "gdal", False)],
        [(name, layers[kind], kind) for _t, name, kind in LAYERS.values()]
        + [(TABLE_NAMES[kind], layers[kind], kind) for _n, kind in TABLES.values()],
        ("stadt-land-bilanz", {"author": AUTHOR, "demand": args.demand, "project": "Stadt-Land-Partnerschaft Leipzig"}))

    candidates = QgsVectorLayer(layers["COMPENSATION"], "c", "ogr")
    links = QgsVectorLayer(layers["LINKS"], "l", "ogr")
    gaps = QgsVectorLayer(layers["GAPS"], "g", "ogr")
    uplift = sum(f["uplift_pts"] for f in candidates.getFeatures())
    chosen = sum(f["uplift_pts"] for f in candidates.getFeatures() if f["selected"])
    print(f"\ncompensation: {candidates.featureCount()} candidates, uplift {uplift:,.0f} points, "
          f"selected {chosen:,.0f} of {args.demand:,.0f} needed")
    print(f"biotope network: {links.featureCount()} links, "
          f"gaps {sum(f['length_m'] for f in gaps.getFeatures()) / 1e3:,.1f} km")
    print(f"reports: {', '.join(sorted(p.name for p in reports.iterdir()))}")
    print(f"project: {project} (open it in QGIS)")
    print(f"\ndemo: results in {out} ({time.perf_counter() - started:.1f} s in all)")
    return 0 if result else 1


if __name__ == "__main__":
    sys.exit(main())
