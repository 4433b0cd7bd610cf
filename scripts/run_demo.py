#!/usr/bin/env python3
"""make demo: the WERTvoll chain on the bundled demo region, headless, results in out/.

1. Builds the demo region (Wurzener Land, deterministic) into out/demo/ on first run.
2. Runs the plugin's algorithms as one chain through Processing, exactly as a model
   or the Python console would, and writes the results to out/wertvoll_demo.gpkg.
3. Prints a short summary.
"""
import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))

from qgis_headless import start_qgis  # noqa: E402


def gpkg_layer(path, layer):
    return f"{path}|layername={layer}"


def gpkg_sink(path, table):
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
    from qgis.core import QgsApplication, QgsProcessingFeedback, QgsVectorLayer

    results_gpkg = out / "wertvoll_demo.gpkg"
    if results_gpkg.exists():
        results_gpkg.unlink()
    available = {a.id() for a in QgsApplication.processingRegistry().providerById("wertvoll").algorithms()}
    feedback = QgsProcessingFeedback()

    if "wertvoll:compensationscreening" in available:
        t0 = time.perf_counter()
        result = processing.run("wertvoll:compensationscreening", {
            "INPUT": gpkg_layer(region, "flurstuecke"),
            "LANDUSE_FIELD": "nutzung",
            "SOIL_FIELD": "bodenzahl",
            "EXCLUSIONS": [gpkg_layer(region, name) for name in ("ortslagen", "verkehr", "kompensationsflaechen")],
            "WATER_PROTECTION": gpkg_layer(region, "wasserschutzgebiete"),
            "FLOODPLAIN": gpkg_layer(region, "ueberschwemmungsgebiet"),
            "MUNICIPALITIES": gpkg_layer(region, "gemeinden"),
            "MUNICIPALITY_FIELD": "name",
            "DEMAND": args.demand,
            "OUTPUT": gpkg_sink(results_gpkg, "kompensationskandidaten"),
            "OUTPUT_SUMMARY": gpkg_sink(results_gpkg, "kompensation_gemeinden"),
        }, feedback=feedback)
        seconds = time.perf_counter() - t0
        print(f"\ncompensation screening: {result['CANDIDATES']:.0f} candidates, "
              f"uplift {result['TOTAL_UPLIFT']:,.0f} points, selected {result['SELECTED_PTS']:,.0f} of "
              f"{args.demand:,.0f} needed (demand met: {result['DEMAND_MET']}), {seconds:.1f} s")
        summary = QgsVectorLayer(result["OUTPUT_SUMMARY"], "summary", "ogr")
        print(f"  {'municipality':<16}{'candidates':>11}{'area ha':>10}{'uplift pts':>14}{'selected pts':>14}")
        for feature in summary.getFeatures():
            print(f"  {feature['municipality']:<16}{feature['candidates']:>11}{feature['area_m2'] / 1e4:>10.1f}"
                  f"{feature['uplift_pts']:>14,.0f}{feature['selected_pts']:>14,.0f}")
    else:
        print("demo: no algorithms registered yet")

    print(f"\ndemo: results in {results_gpkg} ({time.perf_counter() - started:.1f} s in all)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
