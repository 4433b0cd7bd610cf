"""Nearest river cell or flow path: the relative heights and the terrain flag on the real Leipzig DGM200.

Reads ``../shared/data/real/DGM200_leipzig_window_25833.tif`` and the streams derived from it
(``leipzig_streams_dgm200.gpkg``, see the README there), computes the height above the river by
the nearest river cell (``kernels.flood``) and by the flow path (``kernels.flood_terrain``) with
the same water levels and MAX_DISTANCE, and the reliability flag; prints the figures and writes
``docs/img/flood_methods.png`` for the user guide::

    .venv/bin/python scripts/flood_methods_figure.py [--max-distance 1000] [--out docs/img/flood_methods.png]
"""
import argparse
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
REAL = ROOT.parent / "shared" / "data" / "real"


def _kernels():
    """kernels.flood and kernels.flood_terrain, imported as ``wertvoll`` (build/plugins, as the tests do)."""
    plugins = ROOT / "build" / "plugins"
    plugins.mkdir(parents=True, exist_ok=True)
    if not (plugins / "wertvoll").exists():
        (plugins / "wertvoll").symlink_to(ROOT, target_is_directory=True)
    sys.path.insert(0, str(plugins))
    from wertvoll.kernels import flood, flood_terrain
    from wertvoll.kernels.grid import Grid
    from wertvoll.kernels.progress import Run
    return flood, flood_terrain, Grid, Run


def read_inputs(Grid):  # noqa: N803 - the class is passed in
    """The DEM as a Grid (NaN = nodata) and the stream lines (shapely)."""
    import shapely
    from osgeo import gdal, ogr

    ds = gdal.Open(str(REAL / "DGM200_leipzig_window_25833.tif"))
    band = ds.GetRasterBand(1)
    values = band.ReadAsArray().astype(np.float64)
    values[values == band.GetNoDataValue()] = np.nan
    x0, dx, _, y0, _, ndy = ds.GetGeoTransform()
    source = ogr.Open(str(REAL / "leipzig_streams_dgm200.gpkg"))  # kept open while the layer is read
    layer = source.GetLayer("streams")
    lines = []
    for feature in layer:
        geom = feature.GetGeometryRef()
        if geom is not None and geom.GetPointCount() != 1:  # a derived segment of one point is no line
            lines.append(shapely.from_wkb(bytes(geom.ExportToWkb())))
    return Grid(values, x0, y0, dx, -ndy), np.array(lines, dtype=object)


def heights(dem, lines, max_distance):
    """(window, nearest heights, flow-path heights, river mask, flags) on the window of the rivers."""
    flood, flood_terrain, _, _ = _kernels()

    cells = flood.rasterize_rivers(dem, lines, smooth=True)
    by_nearest = flood.relative_height(dem, cells, max_distance, reference=flood.REFERENCES["nearest"])
    by_path = flood.relative_height(dem, cells, max_distance, reference=flood.REFERENCES["flow"])
    r0, r1, c0, c1 = by_nearest.window
    flags = flood_terrain.terrain_flags(dem.values[r0:r1, c0:c1], dem.dx, dem.dy)
    return by_nearest.window, by_nearest.height, by_path.height, by_nearest.river, flags


def figures(by_nearest, by_path, flags, valid):
    """The printed comparison as a dict."""
    _, flood_terrain, _, _ = _kernels()
    both = ~np.isnan(by_nearest) & ~np.isnan(by_path)
    diff = by_path - by_nearest
    return {
        "cells with data": int(valid.sum()),
        "cells with a height by nearest cell": int((~np.isnan(by_nearest)).sum()),
        "cells with a height by flow path": int((~np.isnan(by_path)).sum()),
        "cells with both": int(both.sum()),
        "differ by > 1 m": int((np.abs(diff[both]) > 1).sum()),
        "share differing by > 1 m": float((np.abs(diff[both]) > 1).mean()),
        "flow path higher by > 1 m": int((diff[both] > 1).sum()),
        "flow path lower by > 1 m": int((diff[both] < -1).sum()),
        "median |difference| m": float(np.median(np.abs(diff[both]))),
        "share LOW_RELIEF": float(((flags & flood_terrain.LOW_RELIEF) > 0)[valid].mean()),
        "share FLAT_SURFACE": float(((flags & flood_terrain.FLAT_SURFACE) > 0)[valid].mean()),
    }


def draw(path, dem, window, by_nearest, by_path, flags, lines):
    """Four maps: nearest, flow path, their difference, the flag."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    import shapely

    r0, r1, c0, c1 = window
    extent = (dem.x0 + c0 * dem.dx, dem.x0 + c1 * dem.dx, dem.y0 - r1 * dem.dy, dem.y0 - r0 * dem.dy)
    fig, axes = plt.subplots(2, 2, figsize=(11, 10.5), constrained_layout=True)
    panels = [
        (by_nearest, "Height above the nearest river cell (m)", "viridis", (0, 15)),
        (by_path, "Height above the river its flow path reaches (m)", "viridis", (0, 15)),
        (by_path - by_nearest, "Flow path minus nearest (m)", "RdBu_r", (-5, 5)),
        (np.where(flags > 0, flags, np.nan), "Terrain flag: 1 low relief, 2 level surface, 3 both",
         matplotlib.colors.ListedColormap(["#d95f02", "#1b9e77", "#7570b3"]), (0.5, 3.5)),
    ]
    for ax, (values, title, cmap, limits) in zip(axes.ravel(), panels):
        image = ax.imshow(values, extent=extent, cmap=cmap, vmin=limits[0], vmax=limits[1],
                          interpolation="nearest")
        for line in lines:
            for part in shapely.get_parts(line):
                xy = np.asarray(part.coords)
                ax.plot(xy[:, 0], xy[:, 1], color="black", linewidth=0.4)
        ax.set_title(title, fontsize=10)
        ax.set_xlim(extent[0], extent[1])
        ax.set_ylim(extent[2], extent[3])
        ax.tick_params(labelsize=7)
        fig.colorbar(image, ax=ax, shrink=0.8)
    fig.suptitle("Leipzig DGM200 (200 m cells), streams derived from it: two ways to measure the height "
                 "above the river", fontsize=11)
    path.parent.mkdir(parents=True, exist_ok=True)
    fig.savefig(path, dpi=110)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--max-distance", type=float, default=1000.0)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "img" / "flood_methods.png")
    args = parser.parse_args(argv)
    _, _, Grid, _ = _kernels()
    dem, lines = read_inputs(Grid)
    window, by_nearest, by_path, _, flags = heights(dem, lines, args.max_distance)
    r0, r1, c0, c1 = window
    valid = ~np.isnan(dem.values[r0:r1, c0:c1])
    print(f"MAX_DISTANCE {args.max_distance:g} m, window {r1 - r0} x {c1 - c0} cells")
    for name, value in figures(by_nearest, by_path, flags, valid).items():
        print(f"  {name}: {value:.3f}" if isinstance(value, float) else f"  {name}: {value}")
    draw(args.out, dem, window, by_nearest, by_path, flags, lines)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()
