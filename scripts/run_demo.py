#!/usr/bin/env python3
"""make demo: the WERTvoll chain on the bundled demo region, headless, results in out/.

1. Builds the demo region (Wurzener Land, deterministic) into out/demo/ on first run.
2. Runs the plugin's algorithms as one chain through Processing, exactly as a model
   or the Python console would, and writes the results to out/wertvoll_demo.gpkg.
3. Prints a short summary.
"""
import argparse
import csv
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from qgis_headless import start_qgis  # noqa: E402


def gpkg_layer(path, layer):
    return f"{path}|layername={layer}"


def output_layer(value):
    """The vector layer behind a Processing output string (a GeoPackage sink or a file)."""
    from qgis.core import QgsVectorLayer

    if value.startswith("ogr:"):   # ogr:dbname='path' table="name" (geom)
        path = value.split("dbname='", 1)[1].split("'", 1)[0]
        table = value.split('table="', 1)[1].split('"', 1)[0]
        value = f"{path}|layername={table}"
    return QgsVectorLayer(value, "output", "ogr")


def gpkg_sink(path, table):
    """A Processing sink string writing layer *table* into the GeoPackage *path*."""
    return f"ogr:dbname='{path}' table=\"{table}\" (geom)"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "out")
    parser.add_argument("--demand", type=float, default=20_000_000,
                        help="eco-points the city needs to place (example: 250 ha arable -> grassland)")
    args = parser.parse_args()
    out = args.out.resolve()
    demo_dir = out / "demo"
    region = demo_dir / "demo_region.gpkg"

    started = time.perf_counter()
    if not region.exists():
        from make_demo_region import generate

        print(f"demo: building the demo region into {demo_dir} ...")
        generate(demo_dir)
    else:
        print(f"demo: using the demo region in {demo_dir}")

    start_qgis()
    import processing
    from qgis.core import QgsApplication, QgsProcessingFeedback

    results_gpkg = out / "wertvoll_demo.gpkg"  # layers; tables go to CSV files beside it
    for old in [results_gpkg, *out.glob("*.csv")]:
        if old.exists():
            old.unlink()
    available = {a.id() for a in QgsApplication.processingRegistry().providerById("wertvoll").algorithms()}
    feedback = QgsProcessingFeedback()
    floodplain = gpkg_layer(region, "ueberschwemmungsgebiet")  # the official HQ100 zone

    if "wertvoll:floodriskzones" in available:
        t0 = time.perf_counter()
        result = processing.run("wertvoll:floodriskzones", {
            "RIVERS": gpkg_layer(region, "gewaesser"), "DEM": str(demo_dir / "demo_dem.tif"),
            "FLOODPLAIN": floodplain,
            "EXPOSURE": gpkg_layer(region, "flurstuecke"), "EXPOSURE_FIELD": "nutzung",
            "OUTPUT_ZONES": gpkg_sink(results_gpkg, "hochwasserzonen"),
            "OUTPUT_EXPOSURE": str(out / "hochwasser_betroffenheit.csv"),
            "OUTPUT_HEIGHT": str(out / "hoehe_ueber_gewaesser.tif"),
        }, feedback=feedback)
        areas = json.loads(result["ZONE_AREAS"])
        print("\nflood-risk zones: " + ", ".join(f"zone {z}: {a / 1e4:,.0f} ha" for z, a in areas.items())
              + f" ({time.perf_counter() - t0:.1f} s)")
        floodplain = result["OUTPUT_ZONES"]  # official zone plus the terrain estimate feed the screening

    riparian = None
    if "wertvoll:riparianstrips" in available:
        t0 = time.perf_counter()
        result = processing.run("wertvoll:riparianstrips", {
            "INPUT": gpkg_layer(region, "gewaesser"), "CHANNEL_WIDTH_FIELD": "breite_m",
            "BUILTUP": gpkg_layer(region, "ortslagen"), "RULESET": "saxony",
            "DEM": str(demo_dir / "demo_dem.tif"),
            "LANDUSE": gpkg_layer(region, "flurstuecke"), "LANDUSE_FIELD": "nutzung",
            "OUTPUT_STRIPS": gpkg_sink(results_gpkg, "gewaesserrandstreifen"),
            "OUTPUT_CORRIDORS": gpkg_sink(results_gpkg, "entwicklungskorridore"),
            "OUTPUT_LANDUSE": str(out / "nutzung_in_randstreifen.csv"),
        }, feedback=feedback)
        print(f"\nriparian strips: {result['STRIP_AREA'] / 1e4:,.1f} ha strips, "
              f"{result['CORRIDOR_AREA'] / 1e4:,.1f} ha corridors along {result['RIVER_LENGTH'] / 1e3:,.1f} km "
              f"of rivers ({time.perf_counter() - t0:.1f} s)")
        riparian = result["OUTPUT_CORRIDORS"]  # corridor land is prime compensation land

    gaps = None
    if "wertvoll:biotopecorridors" in available:
        t0 = time.perf_counter()
        result = processing.run("wertvoll:biotopecorridors", {
            "PATCHES": gpkg_layer(region, "habitate"), "PATCH_ID_FIELD": "patch_id",
            "LANDUSE": gpkg_layer(region, "flurstuecke"), "RESISTANCE_FIELD": "nutzung",  # codes -> table
            "CELL_SIZE": 25.0,
            "OUTPUT_LINKS": gpkg_sink(results_gpkg, "verbund_verbindungen"),
            "OUTPUT_CORRIDORS": gpkg_sink(results_gpkg, "verbund_korridore"),
            "OUTPUT_PATCHES": gpkg_sink(results_gpkg, "verbund_kernflaechen"),
            "OUTPUT_GAPS": gpkg_sink(results_gpkg, "verbund_luecken"),
            "OUTPUT_CORRIDOR_RASTER": str(out / "verbund_korridor.tif"),
        }, feedback=feedback)
        gap_layer = output_layer(result["OUTPUT_GAPS"])
        gap_km = sum(f["length_m"] for f in gap_layer.getFeatures()) / 1e3
        print(f"\nbiotope corridors: {result['LINKS']:.0f} links, {result['COMPONENTS']:.0f} components, "
              f"PC {result['PC']:.3g}, ECA {result['ECA'] / 1e4:,.0f} ha, gaps {gap_km:,.1f} km "
              f"({time.perf_counter() - t0:.1f} s)")
        # the gaps are lines: a band of 50 m (two cells) around them is the land where a stepping
        # stone closes the network; the screening scores the share of each parcel inside it
        gaps = processing.run("native:buffer", {
            "INPUT": result["OUTPUT_GAPS"], "DISTANCE": 25.0, "SEGMENTS": 4, "DISSOLVE": True,
            "OUTPUT": gpkg_sink(results_gpkg, "verbund_luecken_zone"),
        }, feedback=feedback)["OUTPUT"]

    if "wertvoll:compensationscreening" in available:
        t0 = time.perf_counter()
        result = processing.run("wertvoll:compensationscreening", {
            "INPUT": gpkg_layer(region, "flurstuecke"),
            "LANDUSE_FIELD": "nutzung",
            "SOIL_FIELD": "bodenzahl",
            "EXCLUSIONS": [gpkg_layer(region, name) for name in ("ortslagen", "verkehr", "kompensationsflaechen")],
            "WATER_PROTECTION": gpkg_layer(region, "wasserschutzgebiete"),
            "FLOODPLAIN": floodplain,
            "RIPARIAN": riparian,
            "CORRIDORS": gaps,
            "MUNICIPALITIES": gpkg_layer(region, "gemeinden"),
            "MUNICIPALITY_FIELD": "name",
            "DEMAND": args.demand,
            "OUTPUT": gpkg_sink(results_gpkg, "kompensationskandidaten"),
            "OUTPUT_SUMMARY": str(out / "kompensation_gemeinden.csv"),
        }, feedback=feedback)
        seconds = time.perf_counter() - t0
        print(f"\ncompensation screening: {result['CANDIDATES']:.0f} candidates, "
              f"uplift {result['TOTAL_UPLIFT']:,.0f} points, selected {result['SELECTED_PTS']:,.0f} of "
              f"{args.demand:,.0f} needed (demand met: {result['DEMAND_MET']}), {seconds:.1f} s")
        print(f"  {'municipality':<16}{'candidates':>11}{'area ha':>10}{'uplift pts':>16}{'selected pts':>14}")
        with open(result["OUTPUT_SUMMARY"], encoding="utf-8") as handle:
            for row in csv.DictReader(handle):
                print(f"  {row['municipality']:<16}{int(row['candidates']):>11}"
                      f"{float(row['area_m2']) / 1e4:>10.1f}{float(row['uplift_pts']):>16,.0f}"
                      f"{float(row['selected_pts']):>14,.0f}")
    else:
        print("demo: no algorithms registered yet")

    written = sorted(p.name for p in out.iterdir() if p.is_file())
    print(f"\ndemo: results in {out}: {', '.join(written)} ({time.perf_counter() - started:.1f} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
