#!/usr/bin/env python3
"""Deterministic synthetic demo region "Wurzener Land" (east of Leipzig) for WERTvoll.

Writes ``DIR/demo_region.gpkg`` (vector layers) and ``DIR/demo_dem.tif`` (float32 GeoTIFF,
heights in m, nodata -9999), everything in ETRS89 / UTM 33N (EPSG:25833).  Pure numpy,
scipy, shapely 2 and GDAL/OGR: no QGIS, so it runs standalone and fast.

    python scripts/make_demo_region.py --out DIR [--seed 42] [--scale 1.0] [--parcels N]
        [--dem-size N] [--patches N] [--river-segments N]

or in-process ``generate(out_dir, seed=42, scale=1.0, ...)`` which returns
``{layer name: feature count, ..., "gpkg": path, "dem": path}``.

The data are invented.  Place names, the Mulde course, the Hohburger Berge, the well field
and the protected-area names follow the real Wurzener Land loosely (positions approximate,
several names only illustrative); nothing here is official data.

Region and scale
----------------
Scale 1 is a 20 km x 15 km box centred on (341000, 5695000), i.e. x 331000-351000,
y 5687500-5702500, with Wurzen at about (343100, 5694300).  The Vereinigte Mulde runs
north (downstream) through the valley just WEST of Wurzen's centre, between Bennewitz and
Wurzen, as it does in reality.  ``--scale S`` multiplies the AREA by S (sides x sqrt(S))
around the same centre at the same densities: the named landmarks stay where they are, the
rest (villages, forests, tributaries, wells, roads, municipalities) is generated
procedurally with the same density; a region smaller than scale 1 is a window of the
scale-1 world (same Mulde course).  Default counts at scale 1: about 4,000 parcels,
250 river segments, 20 habitat patches, 30 compensation areas, DEM 400 x 300 cells of 50 m.
Overrides: ``--parcels N`` gives N parcels within about 2 % (the river and road strips and
the cells they cut are counted in, so very small N cannot be reached); ``--river-segments N``
gives exactly N segments (but at least one per watercourse); ``--patches N`` gives N
patches where the region has room for them; ``--dem-size N`` makes the DEM N x N cells over
the region (cells need not be square).  At the benchmark size (scale 75, 300,000 parcels,
20,000 segments, DEM 4000 x 4000) a run takes about 1.5 min and 1.8 GB on one core.
Same seed and options give identical attributes and geometries (the GeoPackage itself
carries timestamps, so compare content, not file bytes).  Every part draws from its own
random stream, so e.g. ``--parcels`` does not change the rivers.

How it is built
---------------
Mulde: a sine-generated meander curve steered along a guide through the real valley.
Tributaries: a least-cost drainage tree (Dijkstra from the Mulde over a noisy cost field
that follows the low relief), flow accumulation on it, channels where the catchment exceeds
the threshold that gives the target network length (230 m of river axis per km²), split
into watercourses at confluences (the larger branch continues).  DEM: plateau relief
(trend away from the valley, smooth noise, hills) with the Mulde valley profile, and every
river carved in with a bed height that never rises downstream.  Parcels: anisotropic
Voronoi cells of seeds whose density is higher in villages and the floodplain and lower
in forests; land use from the cell's context (village, forest, wetland, floodplain, near a
stream, open field; arable share calibrated to about 60 %); rivers and roads cut out as
strip parcels.  All output coordinates lie on a 1 mm grid.

Layers (EPSG:25833) and fields
------------------------------
gemeinden (MultiPolygon)
    ags (text, 8-digit Amtlicher Gemeindeschlüssel), name.  The six municipalities tile
    the region without gaps or overlaps (their borders follow parcel borders).  Only the
    key of Wurzen (14729410) is known to be the real one; the other keys are plausible
    inventions in the Landkreis Leipzig range 14729xxx.  At scale > 1 further
    municipalities with invented names/keys are added at the same density.
gewaesser (LineString, river axes like ATKIS AX_Gewaesserachse)
    gew_id (int, one id per watercourse, shared by all its segments), name,
    breite_klasse (int), breite_m (float, channel width), ordnung (int, Strahler order).
    Lines are digitised downstream; every tributary's last vertex lies on the river it
    flows into (that vertex is also inserted into the receiving line, so the network is
    noded at confluences).  The Mulde gets Strahler order 7 (its catchment upstream of
    the region is not modelled), tributaries are ordered from their own network.
    breite_klasse follows the ATKIS Basis-DLM attribute BRG "Breite des Gewässers",
    coded as the upper bound of the width class in metres:
        3 = up to 3 m, 6 = 3-6 m, 12 = 6-12 m      (documented ATKIS classes)
        21 = 12-21 m, 33 = 21-33 m, 45 = 33-45 m, 60 = 45-60 m, 90 = 60-90 m
    (the classes above 12 m are this generator's assumption: in ATKIS such rivers are
    also modelled as water areas).  Widths: Mulde 40-70 m, tributaries 1-8 m growing
    with the upstream network length.
flurstuecke (MultiPolygon, single-part parcels like ALKIS Flurstücke)
    flstkennz (text "AGS-GGGG-NNNNN": municipality key, Gemarkung number, parcel number;
    unique), nutzung (text, one of 43001_1010 arable, 43001_1020 grassland, 43001_1021
    orchard meadow, 43001_1200 fallow, 43002 forest, 43003 woody/hedges, 44001 running
    water, 41001 residential/built, 42001 road), bodenzahl (int 20-90, NULL unless
    nutzung is 43001_*), gemeinde (name of the municipality holding the parcel centroid).
    The parcels tile the region: no gaps, no overlaps (sum of areas = area of the union to
    ~1e-8, coordinates on a 1 mm grid).  Rivers and roads are cut out as their own
    44001/42001 strip parcels, pieced per ~600 m and per municipality.  Parcels are
    smaller in villages (~1-2 ha) than in the fields (median ~8 ha).
ortslagen (MultiPolygon, "im Zusammenhang bebaute Ortsteile"): name.  Each is the union of
    the parcels of one village, so it agrees with the built (41001) parcels.
verkehr (MultiPolygon, road areas): name, art (Autobahn, Bundesstraße, Staatsstraße,
    Kreisstraße); axes buffered by 15 / 12 / 10 / 10 m.
wasserschutzgebiete (MultiPolygon): zone ("I", "II", "III"), name.  Zone I = 15 m around each
    well, II = a few hundred metres around the well field, III = several km; published as
    non-overlapping rings (II excludes I, III excludes II).
ueberschwemmungsgebiet (MultiPolygon): name, hq ("HQ100"); the flat Mulde floodplain of the
    DEM (height up to about 2-3 m above the river bed).
schutzgebiete (MultiPolygon): typ ("NSG", "LSG", "FFH"), name (illustrative names).
    Different types may overlap, as in reality.
kompensationsflaechen (MultiPolygon, existing compensation / eco-account areas): kennung,
    massnahme.  Small areas inside single parcels (a few dozen at scale 1).
habitate (MultiPolygon, core habitat patches): patch_id (int), typ ("Wald", "Feuchtgebiet"),
    name.  Wald patches are unions of forest (43002) parcels, wetland patches lie inside
    grassland parcels; 1-300 ha; some clustered, some isolated; non-overlapping.

DEM (demo_dem.tif)
------------------
Plateau at about 130-165 m with gentle relief, a clear Mulde valley (flat floodplain
rising about 2 m, then a terrace slope of about 20 m), small valleys along the
tributaries, the Hohburger Berge in the north-east up to about 240 m.  The Mulde bed
falls from about 115.5 m (south edge) to about 110.5 m (north edge) at scale 1.  Every
river is carved into the DEM with a bed height that never rises downstream.
"""
from __future__ import annotations

import argparse
import math
import os
import sys
import time
import zlib

import numpy as np
import shapely
from osgeo import gdal, ogr, osr
from scipy import ndimage
from scipy.interpolate import PchipInterpolator
from scipy.sparse import coo_matrix, csr_matrix
from scipy.sparse.csgraph import dijkstra, minimum_spanning_tree
from scipy.spatial import Delaunay, cKDTree

EPSG = 25833
CENTER = (341000.0, 5695000.0)
BASE_W, BASE_H = 20000.0, 15000.0
BASE_PARCELS = 4000
BASE_SEGMENTS = 250
BASE_PATCHES = 20
BASE_CELL = 50.0
BASE_COMPENSATION = 30
RIVER_DENSITY_M_PER_KM2 = 230.0   # river axis length per km² (Mulde included)
NODATA = -9999.0
PRECISION = 0.001   # output coordinates on a 1 mm grid (as in ALKIS); keeps GEOS predicates robust

GPKG_NAME = "demo_region.gpkg"
DEM_NAME = "demo_dem.tif"

LANDUSE_CODES = ("43001_1010", "43001_1020", "43001_1021", "43001_1200", "43002", "43003",
                 "44001", "41001", "42001")
ARABLE, GRASS, ORCHARD, FALLOW, FOREST, WOODY, WATER, BUILT, ROAD = LANDUSE_CODES

# (ags, name, territory anchor x, y, weight).  Only 14729410 (Wurzen) is a verified key;
# the others are invented but plausible keys of the Landkreis Leipzig (14729xxx).
MUNICIPALITIES = [
    ("14729410", "Wurzen", 345000.0, 5692000.0, 1.15),
    ("14729060", "Bennewitz", 339200.0, 5692600.0, 0.85),
    ("14729270", "Machern", 335400.0, 5695300.0, 1.0),
    ("14729080", "Brandis", 332600.0, 5689600.0, 1.0),
    ("14729380", "Thallwitz", 339600.0, 5700800.0, 1.1),
    ("14729245", "Lossatal", 348900.0, 5699200.0, 1.2),
]
# (name, x, y, radius m): approximate positions of the main places
NAMED_VILLAGES = [
    ("Wurzen", 343200.0, 5694300.0, 1050.0),
    ("Bennewitz", 339700.0, 5693100.0, 500.0),
    ("Machern", 335200.0, 5693500.0, 620.0),
    ("Brandis", 333500.0, 5689700.0, 850.0),
    ("Thallwitz", 339300.0, 5701300.0, 470.0),
    ("Hohburg", 346700.0, 5698100.0, 430.0),
    ("Falkenhain", 349900.0, 5696000.0, 420.0),
]
# real village names of the area, used for the procedural villages (positions invented)
VILLAGE_POOL = [
    "Püchau", "Kühren", "Dehnitz", "Nitzschka", "Roitzsch", "Dornreichenbach", "Burkartshain",
    "Nemt", "Körlitz", "Pausitz", "Deuben", "Grubnitz", "Kollau", "Canitz", "Lübschütz",
    "Gerichshain", "Zeititz", "Altenbach", "Schmölen", "Nischwitz", "Wasewitz", "Böhlitz",
    "Lüptitz", "Thammenhain", "Müglenz", "Meltewitz", "Zschorna", "Sachsendorf", "Beucha",
    "Polenz", "Leulitz", "Naundorf", "Bortewitz", "Voigtshain", "Treben", "Bergisdorf",
    "Röcknitz", "Kleinzschepa", "Großzschepa", "Watzschwitz", "Heyda", "Dögnitz", "Kornhain",
    "Seelingstädt", "Kleinpösna", "Wolfshain", "Threna", "Fuchshain", "Albrechtshain",
    "Ammelshain", "Sermuth", "Trebelshain", "Frauwalde", "Körlitz-Ost", "Mark Schönstädt",
]
_NAME_PRE = ["", "", "", "", "Groß", "Klein", "Neu", "Alt", "Ober", "Nieder"]
_NAME_STEM = ["Zschep", "Löb", "Dör", "Kötz", "Mutz", "Tresch", "Sorn", "Gost", "Brem", "Lauss",
              "Dahl", "Wend", "Pom", "Trebel", "Mock", "Zscheil", "Nem", "Kos", "Plön", "Rade",
              "Lösch", "Glau", "Wölk", "Bors", "Sehl", "Klitz", "Schön", "Rötz", "Leck", "Pauß",
              "Gleis", "Mörs", "Zwoch", "Dröb", "Liebsch", "Kunn", "Tann", "Weid", "Strel", "Oss"]
_NAME_SUF = ["itz", "witz", "au", "hain", "dorf", "ritz", "en", "a", "schütz", "berg", "ern",
             "ig", "wald", "stedt"]
TRIB_NAMES_EAST = ["Lossa", "Mühlbach", "Heidebach", "Kleine Lossa", "Schwarzer Graben",
                   "Dornreichenbacher Bach", "Röthenbach", "Sandbach"]
TRIB_NAMES_WEST = ["Schwarzbach", "Mühlgraben", "Lübschützer Bach", "Parthe-Zufluss",
                   "Zauchbach", "Threne-Zufluss", "Wiesengraben", "Fuchsbach"]
# Hohburger Berge: (x, y, height m, sigma m); porphyry hills, Löbenberg about 240 m
HOHBURG_HILLS = [
    (348300.0, 5699800.0, 16.0, 2200.0),
    (348300.0, 5699900.0, 72.0, 420.0),
    (347300.0, 5700500.0, 42.0, 380.0),
    (349100.0, 5698900.0, 36.0, 340.0),
    (346500.0, 5699600.0, 26.0, 330.0),
    (348900.0, 5701000.0, 30.0, 380.0),
]
# named forests (x, y, area m², name) and the Lübschützer Teiche (x, y, area m²)
NAMED_FORESTS = [
    (337600.0, 5691300.0, 1.9e6, "Planitzwald"),
    (348250.0, 5699750.0, 1.6e6, "Hohburger Berge"),
    (347330.0, 5700510.0, 0.55e6, "Hohburger Berge (Spielberg)"),
    (349020.0, 5698870.0, 0.45e6, "Hohburger Berge (Kleiner Berg)"),
    (337000.0, 5700300.0, 0.8e6, "Püchauer Holz"),
]
NAMED_PONDS = [(336200.0, 5695300.0, 9e4), (336520.0, 5695620.0, 6e4), (336850.0, 5695350.0, 4e4)]
MULDE_GUIDE = [  # (x, y) of the valley axis, flowing north
    (344300.0, 5679000.0), (343500.0, 5684000.0), (342400.0, 5689000.0),
    (341550.0, 5693500.0), (341300.0, 5696500.0), (340700.0, 5699500.0),
    (339500.0, 5703000.0), (337900.0, 5707500.0),
]


# ----------------------------------------------------------------------------- helpers

def _log(verbose, t0, msg):
    if verbose:
        print(f"[{time.perf_counter() - t0:7.2f}s] {msg}", file=sys.stderr)


def smoothstep(t):
    t = np.clip(t, 0.0, 1.0)
    return t * t * (3.0 - 2.0 * t)


def cumlen(c):
    d = np.hypot(np.diff(c[:, 0]), np.diff(c[:, 1]))
    return np.concatenate([[0.0], np.cumsum(d)])


def densify(c, step):
    """Points every <= step along polyline c, plus their arc-length positions."""
    s = cumlen(c)
    n = max(2, int(math.ceil(s[-1] / step)) + 1)
    t = np.linspace(0.0, s[-1], n)
    return np.column_stack([np.interp(t, s, c[:, 0]), np.interp(t, s, c[:, 1])]), t


def dedupe(c, tol=1e-9):
    keep = np.ones(len(c), bool)
    keep[1:] = np.hypot(np.diff(c[:, 0]), np.diff(c[:, 1])) > tol
    return c[keep]


def chaikin(c, n=2):
    for _ in range(n):
        q = 0.75 * c[:-1] + 0.25 * c[1:]
        r = 0.25 * c[:-1] + 0.75 * c[1:]
        mid = np.empty((2 * len(q), 2))
        mid[0::2] = q
        mid[1::2] = r
        c = np.vstack([c[:1], mid, c[-1:]])
    return c


def star_polygon(cx, cy, area, rng, rough=0.22, aspect=1.0, angle=0.0, n=48):
    """Irregular blob (star-shaped around its centre, hence valid) of about `area` m²."""
    th = np.linspace(0.0, 2 * np.pi, n, endpoint=False)
    rr = np.ones(n)
    for h in (2, 3, 4, 5, 7):
        rr += rough * rng.normal(0.0, 1.0 / h) * np.cos(h * th + rng.uniform(0, 2 * np.pi))
    rr = np.clip(rr, 0.4, None)
    x = rr * np.cos(th) * aspect
    y = rr * np.sin(th) / aspect
    ca, sa = math.cos(angle), math.sin(angle)
    xr, yr = x * ca - y * sa, x * sa + y * ca
    a0 = 0.5 * abs(np.dot(xr, np.roll(yr, 1)) - np.dot(yr, np.roll(xr, 1)))
    f = math.sqrt(area / a0)
    return shapely.Polygon(np.column_stack([cx + f * xr, cy + f * yr]))


def explode_polygons(geoms):
    """Polygon parts of an array of geometries -> (parts, index of the source geometry)."""
    geoms = np.asarray(geoms, dtype=object)
    idx = np.arange(len(geoms))
    while True:
        tid = shapely.get_type_id(geoms)
        multi = (tid >= 4)
        if not multi.any():
            break
        parts, pidx = shapely.get_parts(geoms[multi], return_index=True)
        geoms = np.concatenate([geoms[~multi], parts])
        idx = np.concatenate([idx[~multi], idx[multi][pidx]])
    tid = shapely.get_type_id(geoms)
    keep = (tid == 3)
    geoms, idx = geoms[keep], idx[keep]
    keep = shapely.area(geoms) > 1e-6
    geoms, idx = geoms[keep], idx[keep]
    order = np.argsort(idx, kind="stable")
    return geoms[order], idx[order]


def snap_mm(geoms):
    """Snap to the PRECISION grid.  Plain coordinate rounding (as GEOS rounds: half up) where
    that keeps a geometry valid, GEOS set_precision for the rest."""
    geoms = np.asarray(geoms, dtype=object)
    if not len(geoms):
        return geoms
    out = shapely.transform(geoms, lambda c: np.floor(c / PRECISION + 0.5) * PRECISION)
    bad = ~shapely.is_valid(out)
    if bad.any():
        out[bad] = shapely.set_precision(geoms[bad], PRECISION)
    return out


def to_multipolygons(geoms):
    """Array of polygonal geometries -> (MultiPolygons on the 1 mm grid, index of kept inputs)."""
    geoms = np.asarray(geoms, dtype=object)
    geoms = snap_mm(geoms)
    parts, idx = explode_polygons(geoms)
    if len(parts) == 0:
        return np.array([], dtype=object), np.array([], dtype=int)
    uniq, inv = np.unique(idx, return_inverse=True)
    return shapely.multipolygons(parts, indices=inv), uniq


def group_union(n, owner, geoms):
    """Union of geoms grouped by owner (vectorised in rounds); None where a group is empty."""
    out = np.full(n, None, dtype=object)
    if len(owner) == 0:
        return out
    order = np.argsort(owner, kind="stable")
    owner = np.asarray(owner)[order]
    geoms = np.asarray(geoms, dtype=object)[order]
    starts = np.r_[0, np.flatnonzero(np.diff(owner)) + 1]
    sizes = np.diff(np.r_[starts, len(owner)])
    rank = np.arange(len(owner)) - np.repeat(starts, sizes)
    first = rank == 0
    out[owner[first]] = geoms[first]
    for k in range(1, int(rank.max()) + 1):
        sel = rank == k
        out[owner[sel]] = shapely.union(out[owner[sel]], geoms[sel])
    return out


def adjective(name):
    base = name.split("-")[0].split(" ")[-1]
    return base + ("r" if base.endswith("e") else "er")


class Noise:
    """Smooth 2-D value noise: white noise on a coarse grid, cubic B-spline interpolated."""

    def __init__(self, rng, bounds, spacing):
        xmin, ymin, xmax, ymax = bounds
        pad = 4 * spacing
        self.x0, self.y0, self.sp = xmin - pad, ymin - pad, float(spacing)
        nx = int(math.ceil((xmax - xmin + 2 * pad) / spacing)) + 1
        ny = int(math.ceil((ymax - ymin + 2 * pad) / spacing)) + 1
        self.c = ndimage.spline_filter(rng.standard_normal((ny, nx)), order=3)

    def __call__(self, x, y):
        x = np.asarray(x, float)
        y = np.asarray(y, float)
        x, y = np.broadcast_arrays(x, y)
        out = np.empty(x.shape, np.float64)
        xf, yf, of = x.ravel(), y.ravel(), out.reshape(-1)
        step = 2_000_000
        for i in range(0, xf.size, step):
            of[i:i + step] = ndimage.map_coordinates(
                self.c, [(yf[i:i + step] - self.y0) / self.sp, (xf[i:i + step] - self.x0) / self.sp],
                order=3, prefilter=False, mode="nearest")
        return out


class Noise1D:
    def __init__(self, rng, length, spacing):
        n = int(length / spacing) + 8
        v = rng.standard_normal(n)
        self.s = np.arange(n) * spacing - 2 * spacing
        self.v = ndimage.gaussian_filter1d(v, 1.0) * 1.6

    def __call__(self, s):
        return np.interp(s, self.s, self.v)


class River:
    """One watercourse: coords in flow direction, receiving river index, junction position
    (arc length along the receiver), bed heights, Strahler order, upstream network length."""
    __slots__ = ("coords", "recv", "s_junc", "z", "order_final", "up_total", "name", "events")

    def __init__(self, coords, recv=-1, s_junc=0.0):
        self.coords = coords
        self.recv = recv
        self.s_junc = s_junc
        self.z = None
        self.order_final = 1
        self.up_total = 0.0
        self.name = None
        self.events = []


# ----------------------------------------------------------------------------- the world

class World:
    def __init__(self, seed, scale, verbose=False):
        self.seed = int(seed)
        self.S = float(scale)
        self.verbose = verbose
        self.t0 = time.perf_counter()
        f = math.sqrt(self.S)
        self.W, self.H = BASE_W * f, BASE_H * f
        cx, cy = CENTER
        self.xmin, self.xmax = cx - self.W / 2, cx + self.W / 2
        self.ymin, self.ymax = cy - self.H / 2, cy + self.H / 2
        self.bounds = (self.xmin, self.ymin, self.xmax, self.ymax)
        self.region = shapely.box(*self.bounds)
        self.area_km2 = self.W * self.H / 1e6
        big = (self.xmin - 4000, self.ymin - 4000, self.xmax + 4000, self.ymax + 4000)
        self.n_relief1 = Noise(self.rng("relief1"), big, 5000.0)
        self.n_relief2 = Noise(self.rng("relief2"), big, 1500.0)
        self.n_warpx = Noise(self.rng("warpx"), big, 4000.0)
        self.n_warpy = Noise(self.rng("warpy"), big, 4000.0)
        self.n_loess = Noise(self.rng("loess"), big, 6000.0)
        self.n_sand = Noise(self.rng("sand"), big, 5000.0)
        self.n_soil = Noise(self.rng("soil"), big, 1200.0)
        self.n_density = Noise(self.rng("density"), big, 2500.0)
        self.n_lu = Noise(self.rng("landuse"), big, 1500.0)

    def rng(self, name):
        return np.random.default_rng([self.seed, zlib.crc32(name.encode("utf-8"))])

    def log(self, msg):
        _log(self.verbose, self.t0, msg)

    def inside(self, x, y, pad=0.0):
        return ((x > self.xmin + pad) & (x < self.xmax - pad)
                & (y > self.ymin + pad) & (y < self.ymax - pad))

    # ------------------------------------------------------------------ Mulde
    def build_mulde(self):
        # The course is built at least over the scale-1 box, so that every scale <= 1 shows
        # the same Mulde as scale 1 (a smaller region is a window of the scale-1 world).
        bx0, bx1 = CENTER[0] - BASE_W / 2, CENTER[0] + BASE_W / 2
        yb0 = min(self.ymin, CENTER[1] - BASE_H / 2)
        yb1 = max(self.ymax, CENTER[1] + BASE_H / 2)
        grng = self.rng("mulde-guide")
        gx = [p[0] for p in MULDE_GUIDE]
        gy = [p[1] for p in MULDE_GUIDE]
        while gy[0] > yb0 - 8000:
            gy.insert(0, gy[0] - 5000.0)
            gx.insert(0, gx[0] + grng.normal(0.0, 1500.0))
        while gy[-1] < yb1 + 8000:
            gy.append(gy[-1] + 5000.0)
            gx.append(gx[-1] + grng.normal(0.0, 1500.0))
        lo = min(self.xmin, bx0) + 0.2 * max(self.W, BASE_W)
        hi = max(self.xmax, bx1) - 0.2 * max(self.W, BASE_W)
        gx = np.clip(np.array(gx), lo, hi)
        guide = PchipInterpolator(np.array(gy), gx)
        rng = self.rng("mulde")
        y0, y1 = yb0 - 1500.0, yb1 + 1500.0
        ytab = np.arange(y0 - 2000.0, y1 + 4000.0, 50.0)
        xtab = guide(ytab)
        ds = 10.0
        nmax = int(3.0 * (y1 - y0) / ds) + 2000
        n_om = Noise1D(rng, nmax * ds + 4000, 1500.0)
        n_wl = Noise1D(rng, nmax * ds + 4000, 2500.0)
        svals = np.arange(nmax) * ds
        omega = 0.45 + 0.85 / (1.0 + np.exp(-1.5 * n_om(svals)))
        wavel = 1250.0 * (1.0 + 0.3 * np.tanh(n_wl(svals)))
        x, y = float(np.interp(y0, ytab, xtab)), y0
        phi = rng.uniform(0, 2 * np.pi)
        pts = [(x, y)]
        la = 1100.0
        for i in range(nmax):
            thg = math.atan2(float(np.interp(y + la, ytab, xtab)) - x, la)
            th = thg + omega[i] * math.sin(phi)
            phi += 2 * math.pi * ds / wavel[i]
            x += ds * math.sin(th)
            y += ds * math.cos(th)
            pts.append((x, y))
            if y > y1:
                break
        full = np.array(pts)[::2]
        s = cumlen(full)
        sinuosity = s[-1] / (full[-1, 1] - full[0, 1])
        iref = int(np.argmin(np.abs(full[:, 1] - CENTER[1])))
        grad = 0.35e-3 / sinuosity
        self.mulde_full = full
        self.mulde_s = s
        self.mulde_z = 113.0 - grad * (s - s[iref])
        n_fp = Noise1D(rng, s[-1] + 4000, 3000.0)
        n_w = Noise1D(rng, s[-1] + 4000, 2500.0)
        self.mulde_fp = np.clip(680.0 + 260.0 * n_fp(s), 380.0, 1200.0)
        self.mulde_w = np.clip(55.0 + 9.0 * n_w(s), 40.0, 70.0)
        self.mulde_line = shapely.LineString(full)
        clipped = shapely.clip_by_rect(self.mulde_line, *self.bounds)
        parts = shapely.get_parts(clipped)
        part = parts[int(np.argmax(shapely.length(parts)))]
        c = shapely.get_coordinates(part)
        if c[0, 1] > c[-1, 1]:
            c = c[::-1]
        self.mulde_in = c
        self.log(f"mulde: {s[-1] / 1000:.1f} km full, sinuosity {sinuosity:.2f}")

    def mulde_attr(self, arr, pts):
        sq = shapely.line_locate_point(self.mulde_line, shapely.points(pts))
        return np.interp(sq, self.mulde_s, arr)

    # ------------------------------------------------------------------ relief
    def hills(self):
        if hasattr(self, "_hills"):
            return self._hills
        hl = list(HOHBURG_HILLS)
        rng = self.rng("hills")
        n_groups = int(round(self.area_km2 / 1500.0))
        for _ in range(n_groups):
            for _try in range(30):
                hx = rng.uniform(self.xmin, self.xmax)
                hy = rng.uniform(self.ymin, self.ymax)
                if abs(hx - CENTER[0]) < BASE_W / 2 + 3000 and abs(hy - CENTER[1]) < BASE_H / 2 + 3000:
                    continue
                dm = self.mulde_dist_pts(np.array([[hx, hy]]))[0]
                if dm > 5000:
                    break
            hl.append((hx, hy, rng.uniform(8, 18), rng.uniform(1500, 2500)))
            for _k in range(rng.integers(3, 6)):
                hl.append((hx + rng.normal(0, 1200), hy + rng.normal(0, 1200),
                           rng.uniform(20, 65), rng.uniform(300, 650)))
        self._hills = hl
        return hl

    def hills_grid(self, xs, ys):
        """Sum of the Gaussian hills on the grid of cell centres xs (cols) x ys (rows)."""
        out = np.zeros((len(ys), len(xs)), np.float64)
        for hx, hy, h, sg in self.hills():
            i0, i1 = np.searchsorted(xs, [hx - 4 * sg, hx + 4 * sg])
            j0, j1 = np.searchsorted(ys, [hy - 4 * sg, hy + 4 * sg])
            if i1 <= i0 or j1 <= j0:
                continue
            ex = np.exp(-0.5 * ((xs[i0:i1] - hx) / sg) ** 2)
            ey = np.exp(-0.5 * ((ys[j0:j1] - hy) / sg) ** 2)
            out[j0:j1, i0:i1] += h * np.outer(ey, ex)
        return out

    def relief(self, x, y, dM, zM, fp, hills):
        """Plateau heights incl. the Mulde valley (without the tributary valleys)."""
        V = 2.0 * np.minimum(dM / fp, 1.0) + 20.0 * smoothstep((dM - fp) / 900.0)
        T = 2.2e-3 * np.minimum(dM, 15000.0) + 1.0e-3 * np.maximum(dM - 15000.0, 0.0)
        taper = smoothstep((dM - fp) / 1200.0)
        n = 4.0 * self.n_relief1(x, y) + 1.5 * self.n_relief2(x, y) + hills
        return zM + V + T + taper * n

    def mulde_raster(self, x0, y0, cx, cy, nx, ny):
        """EDT distance to the Mulde axis plus bed height / floodplain half-width of the
        nearest axis cell, on a grid with lower-left corner (x0, y0)."""
        step = 0.5 * min(cx, cy)
        pts, t = densify(self.mulde_full, step)
        ci = np.floor((pts[:, 0] - x0) / cx).astype(np.int64)
        ri = np.floor((pts[:, 1] - y0) / cy).astype(np.int64)
        ok = (ci >= 0) & (ci < nx) & (ri >= 0) & (ri < ny)
        ci, ri, t = ci[ok], ri[ok], t[ok]
        zr = np.full((ny, nx), np.inf, np.float32)
        np.minimum.at(zr, (ri, ci), np.interp(t, self.mulde_s, self.mulde_z).astype(np.float32))
        fpr = np.zeros((ny, nx), np.float32)
        fpr[ri, ci] = np.interp(t, self.mulde_s, self.mulde_fp)
        mask = np.ones((ny, nx), bool)
        mask[ri, ci] = False
        d, (ir, ic) = ndimage.distance_transform_edt(mask, sampling=(cy, cx), return_indices=True)
        zM = zr[ir, ic]
        fpM = fpr[ir, ic]
        del ir, ic
        # far from the river the nearest axis cell can jump between distant bends: blend into
        # a smooth bed-height-by-northing profile there (no seams in the relief)
        ym = np.maximum.accumulate(self.mulde_full[:, 1])
        ys = y0 + (np.arange(ny) + 0.5) * cy
        zref = np.interp(ys, ym, self.mulde_z).astype(np.float32)[:, None]
        w = np.exp(-(d / 2000.0) ** 2).astype(np.float32)
        zM = w * zM + (1.0 - w) * zref
        return d.astype(np.float32), zM, fpM

    def build_trace_fields(self):
        tc = 50.0 if self.S <= 4 else 100.0
        m = 2000.0
        self.tc = tc
        self.gx0, self.gy0 = self.xmin - m, self.ymin - m
        self.tnx = int(math.ceil((self.W + 2 * m) / tc))
        self.tny = int(math.ceil((self.H + 2 * m) / tc))
        xs = self.gx0 + (np.arange(self.tnx) + 0.5) * tc
        ys = self.gy0 + (np.arange(self.tny) + 0.5) * tc
        self.T_xs, self.T_ys = xs, ys
        d, zM, fp = self.mulde_raster(self.gx0, self.gy0, tc, tc, self.tnx, self.tny)
        self.T_dM, self.T_zM, self.T_fp = d, zM, fp
        X, Y = np.meshgrid(xs, ys)
        H = self.hills_grid(xs, ys)
        self.T_hills = H.astype(np.float32)
        phi = self.relief(X, Y, d.astype(np.float64), zM.astype(np.float64), fp.astype(np.float64), H)
        self.T_phi = phi.astype(np.float32)
        self.log(f"trace fields {self.tnx}x{self.tny} @ {tc:.0f} m")

    def bilin(self, arr, x, y):
        fx = (np.asarray(x) - self.gx0) / self.tc - 0.5
        fy = (np.asarray(y) - self.gy0) / self.tc - 0.5
        i0 = np.clip(np.floor(fx).astype(np.int64), 0, self.tnx - 2)
        j0 = np.clip(np.floor(fy).astype(np.int64), 0, self.tny - 2)
        tx = np.clip(fx - i0, 0.0, 1.0)
        ty = np.clip(fy - j0, 0.0, 1.0)
        return (arr[j0, i0] * (1 - tx) * (1 - ty) + arr[j0, i0 + 1] * tx * (1 - ty)
                + arr[j0 + 1, i0] * (1 - tx) * ty + arr[j0 + 1, i0 + 1] * tx * ty)

    def mulde_dist_pts(self, pts):
        return self.bilin(self.T_dM, pts[:, 0], pts[:, 1])

    # ------------------------------------------------------------------ tributaries
    def build_network(self, target_trib):
        """Tributaries as a least-cost drainage tree: Dijkstra from the Mulde over a noisy
        cost field (cheap where the relief is low), flow accumulation on the tree, channels
        where the catchment exceeds a threshold chosen to give the target length."""
        rng = self.rng("tributaries")
        nc = 100.0 if self.S <= 12 else 150.0
        nx = max(4, int(round(self.W / nc)))
        ny = max(4, int(round(self.H / nc)))
        cx, cy = self.W / nx, self.H / ny
        N = nx * ny
        xs = self.xmin + (np.arange(nx) + 0.5) * cx
        ys = self.ymin + (np.arange(ny) + 0.5) * cy
        PX = (xs[None, :] + rng.uniform(-0.3, 0.3, (ny, nx)) * cx).ravel()
        PY = (ys[:, None] + rng.uniform(-0.3, 0.3, (ny, nx)) * cy).ravel()
        n_fine = Noise(rng, self.bounds, 700.0)
        rel = (4.0 * self.n_relief1(PX, PY) + 1.5 * self.n_relief2(PX, PY)) / 4.3
        hills = self.bilin(self.T_hills, PX, PY)
        c = np.exp(0.6 * rel + 0.75 * n_fine(PX, PY) + 0.03 * hills)
        idx = np.arange(N).reshape(ny, nx)
        rows, cols, wts = [], [], []
        for dy, dx in ((0, 1), (1, 0), (1, 1), (1, -1), (0, -1), (-1, 0), (-1, -1), (-1, 1)):
            a = idx[max(0, -dy):ny - max(0, dy), max(0, -dx):nx - max(0, dx)].ravel()
            b = idx[max(0, dy):ny + min(0, dy) or None, max(0, dx):nx + min(0, dx) or None].ravel()
            L = np.hypot(PX[b] - PX[a], PY[b] - PY[a])
            # graph edge a -> b means water flows b -> a; flowing south (against the Mulde) costs more
            south = np.maximum(0.0, (PY[b] - PY[a]) / L)
            rows.append(a)
            cols.append(b)
            wts.append(L * 0.5 * (c[a] + c[b]) * (1.0 + 0.3 * south))
        g = csr_matrix((np.concatenate(wts), (np.concatenate(rows), np.concatenate(cols))), shape=(N, N))
        del rows, cols, wts
        mp, _ = densify(self.mulde_in, 0.3 * min(cx, cy))
        mc = np.clip(np.floor((mp[:, 0] - self.xmin) / cx).astype(np.int64), 0, nx - 1)
        mr = np.clip(np.floor((mp[:, 1] - self.ymin) / cy).astype(np.int64), 0, ny - 1)
        msrc = np.unique(mr * nx + mc)
        is_m = np.zeros(N, bool)
        is_m[msrc] = True
        dist, pred, _src = dijkstra(g, directed=True, indices=msrc, min_only=True, return_predecessors=True)
        del g
        pred = pred.astype(np.int64)
        pred[is_m] = -1
        # no crossing diagonals: re-point one of two crossing flow edges orthogonally
        r_of, c_of = np.divmod(np.arange(N), nx)
        has = pred >= 0
        pr_r, pr_c = np.divmod(np.where(has, pred, 0), nx)
        diag = has & (pr_r != r_of) & (pr_c != c_of)
        key = {}
        for i in np.flatnonzero(diag):
            blk = (min(r_of[i], pr_r[i]), min(c_of[i], pr_c[i]))
            main = (r_of[i] - pr_r[i]) == (c_of[i] - pr_c[i])
            key.setdefault(blk, [None, None])[0 if main else 1] = i
        for (br, bc), (a, b) in sorted(key.items()):
            if a is None or b is None:
                continue
            ap, bp = pred[a], pred[b]
            if dist[ap] < dist[b]:
                pred[b] = ap
            else:
                pred[a] = bp
        order = np.argsort(-dist, kind="stable")
        acc = np.ones(N, np.int64)
        pl = pred.tolist()
        al = acc.tolist()
        for i in order.tolist():
            p = pl[i]
            if p >= 0:
                al[p] += al[i]
        acc = np.array(al, np.int64)
        down = np.maximum(pred, 0)
        seglen = np.where(pred >= 0, np.hypot(PX - PX[down], PY - PY[down]), 0.0)
        cand = np.flatnonzero(~is_m)
        o = cand[np.argsort(-acc[cand], kind="stable")]
        cum = np.cumsum(seglen[o])
        k = int(np.searchsorted(cum, target_trib))
        thr = max(4, int(acc[o[min(k, len(o) - 1)]]))
        stream = (acc >= thr) & ~is_m
        sidx = np.flatnonzero(stream)
        # main child of every node = the upstream stream node with the largest catchment
        ps = pred[sidx]
        o2 = np.lexsort((sidx, -acc[sidx], ps))
        first = np.r_[True, ps[o2][1:] != ps[o2][:-1]]
        main_child = np.full(N, -1, np.int64)
        main_child[ps[o2][first]] = sidx[o2][first]
        has_child = np.zeros(N, bool)
        has_child[ps] = True
        sources = sidx[~has_child[sidx]]
        chains = []
        for s in sources.tolist():
            ch = [s]
            cur = s
            while True:
                p = int(pred[cur])
                if p >= 0 and stream[p] and main_child[p] == cur:
                    ch.append(p)
                    cur = p
                else:
                    chains.append((ch, p))
                    break
        chain_of = np.full(N, -1, np.int64)
        chains.sort(key=lambda t: -acc[t[0][-1]])
        for k_, (ch, _) in enumerate(chains):
            chain_of[ch] = k_
        # geometry: jittered node positions, smoothed; the mouth snapped onto the receiver
        mulde = River(self.mulde_in)
        rivers = [mulde]
        lines = [shapely.LineString(self.mulde_in)]
        new_id = {}
        min_len = 350.0
        for k_, (ch, p) in enumerate(chains):
            recv = 0 if is_m[p] else new_id.get(int(chain_of[p]), None)
            if recv is None:
                continue
            pts = np.column_stack([PX[ch + [p]], PY[ch + [p]]])
            pts = chaikin(pts, 2)[:-1]
            line = lines[recv]
            sj = float(shapely.line_locate_point(line, shapely.Point(PX[p], PY[p])))
            J = shapely.get_coordinates(shapely.line_interpolate_point(line, sj))[0]
            coords = dedupe(np.vstack([pts, J]))
            if len(coords) < 2:
                continue
            if cumlen(coords)[-1] < min_len and len(ch) < 4:
                continue
            new_id[k_] = len(rivers)
            rivers.append(River(coords, recv, sj))
            lines.append(shapely.LineString(coords))
        self.rivers = rivers
        # distance to the nearest tributary on the trace grid (for villages and land use)
        mask = np.ones((self.tny, self.tnx), bool)
        for r in rivers[1:]:
            p_, _ = densify(r.coords, 0.4 * self.tc)
            ci_ = np.clip(np.floor((p_[:, 0] - self.gx0) / self.tc).astype(np.int64), 0, self.tnx - 1)
            ri_ = np.clip(np.floor((p_[:, 1] - self.gy0) / self.tc).astype(np.int64), 0, self.tny - 1)
            mask[ri_, ci_] = False
        if mask.all():
            self.T_dT = np.full(mask.shape, 1e6, np.float32)
        else:
            self.T_dT = ndimage.distance_transform_edt(mask, sampling=self.tc).astype(np.float32)
        total = sum(cumlen(r.coords)[-1] for r in rivers[1:])
        self.log(f"network {nx}x{ny} nodes, threshold {thr} cells: {len(rivers) - 1} tributaries, "
                 f"{total / 1000:.1f} km (target {target_trib / 1000:.1f} km)")

    def finish_network(self):
        rivers = self.rivers
        # insert the confluence vertices into the receiving lines
        by_recv = {}
        for i, r in enumerate(rivers[1:], start=1):
            by_recv.setdefault(r.recv, []).append(i)
        for j in sorted(by_recv):
            rec = rivers[j]
            s = cumlen(rec.coords)
            ins = sorted(by_recv[j], key=lambda i: rivers[i].s_junc)
            pos, pts = [], []
            for i in ins:
                J = rivers[i].coords[-1]
                k = int(np.searchsorted(s, rivers[i].s_junc))
                near = [rec.coords[q] for q in (k - 1, k) if 0 <= q < len(s)]
                if any(np.hypot(*(v - J)) < 1e-9 for v in near):
                    continue
                pos.append(k)
                pts.append(J)
            if pos:
                rec.coords = dedupe(np.insert(rec.coords, pos, np.array(pts), axis=0))
        # bed heights: Mulde from its profile, tributaries monotone down to the confluence
        m = rivers[0]
        m.z = self.mulde_attr(self.mulde_z, m.coords)
        for r in rivers[1:]:
            c = r.coords
            s = cumlen(c)
            phi = self.bilin(self.T_phi, c[:, 0], c[:, 1]).astype(np.float64)
            t = s / s[-1]
            z = np.minimum.accumulate(phi - (1.5 + 8.0 * t))
            rec = rivers[r.recv]
            zm = float(np.interp(r.s_junc, cumlen(rec.coords), rec.z))
            z = np.maximum(z, zm)
            z[-1] = zm
            r.z = z
        # Strahler order and upstream length (tributaries are always later than receivers)
        for r in rivers:
            r.events = []
        for i in range(len(rivers) - 1, -1, -1):
            r = rivers[i]
            r.events.sort(key=lambda e: e[0])
            order = 7 if i == 0 else 1
            up = cumlen(r.coords)[-1]
            for _s, o, u in r.events:
                if o == order:
                    order += 1
                elif o > order:
                    order = o
                up += u
            r.order_final = order
            r.up_total = up
            if i > 0:
                rivers[r.recv].events.append((r.s_junc, order, up))

    # ------------------------------------------------------------------ villages
    def village_of(self, x, y, return_q=False):
        """Index of the village whose (irregular) outline holds each point, else -1
        (and q = distance / outline radius of the nearest village outline)."""
        x = np.asarray(x, float)
        y = np.asarray(y, float)
        out = np.full(x.shape, -1, np.int64)
        if len(self.v_xy) == 0 or x.size == 0:
            return (out, np.full(x.shape, np.inf)) if return_q else out
        k = min(3, len(self.v_xy))
        d, j = self.v_tree.query(np.column_stack([x, y]), k=k)
        if k == 1:
            d, j = d[:, None], j[:, None]
        best = np.full(x.shape, np.inf)
        qmin = np.full(x.shape, np.inf)
        for m in range(k):
            jj = j[:, m]
            dx = x - self.v_xy[jj, 0]
            dy = y - self.v_xy[jj, 1]
            th = np.arctan2(dy, dx)
            rr = np.ones_like(th)
            for h in range(self.v_harm.shape[1]):
                rr += self.v_harm[jj, h, 0] * np.cos((h + 1) * th + self.v_harm[jj, h, 1])
            rr = self.v_r[jj] * np.clip(rr, 0.55, None)
            q = d[:, m] / rr
            better = (q < 1.0) & (q < best)
            out[better] = jj[better]
            best[better] = q[better]
            qmin = np.minimum(qmin, q)
        return (out, qmin) if return_q else out

    def build_villages(self):
        rng = self.rng("villages")
        names, xy, rad = [], [], []
        for nm, x, y, r in NAMED_VILLAGES:
            if self.xmin - r < x < self.xmax + r and self.ymin - r < y < self.ymax + r:
                names.append(nm)
                xy.append((x, y))
                rad.append(r)
        n_target = int(round(self.area_km2 / 8.0))
        ncand = max(200, 40 * n_target)
        cand = np.column_stack([rng.uniform(self.xmin, self.xmax, ncand),
                                rng.uniform(self.ymin, self.ymax, ncand)])
        u = rng.random(ncand)
        rr = np.clip(np.exp(rng.normal(math.log(310.0), 0.3, ncand)), 240.0, 540.0)
        dm = self.bilin(self.T_dM, cand[:, 0], cand[:, 1])
        fp = self.bilin(self.T_fp, cand[:, 0], cand[:, 1])
        hl = self.bilin(self.T_hills, cand[:, 0], cand[:, 1])
        dtr = self.bilin(self.T_dT, cand[:, 0], cand[:, 1])
        wgt = 0.3 + np.exp(-((dtr - 350.0) / 500.0) ** 2)
        ok = (dm > fp + 200.0 + rr) & (hl < 25.0) & (u < wgt / 1.3)
        # keep clear of the named forests and ponds
        for fx, fy, fa, _ in NAMED_FORESTS:
            ok &= np.hypot(cand[:, 0] - fx, cand[:, 1] - fy) > math.sqrt(fa / math.pi) * 1.3 + rr + 200.0
        for fx, fy, _ in NAMED_PONDS:
            ok &= np.hypot(cand[:, 0] - fx, cand[:, 1] - fy) > rr + 500.0
        cell = 2700.0   # >= the largest clash distance
        grid = {}
        for (x, y), r in zip(xy, rad):
            grid.setdefault((int(x // cell), int(y // cell)), []).append((x, y, r))
        placed = len(xy)
        okl = np.flatnonzero(ok)
        for x, y, r in zip(cand[okl, 0].tolist(), cand[okl, 1].tolist(), rr[okl].tolist()):
            if placed >= n_target:
                break
            gi, gj = int(x // cell), int(y // cell)
            clash = False
            for a in range(gi - 1, gi + 2):
                for b in range(gj - 1, gj + 2):
                    for (x2, y2, r2) in grid.get((a, b), ()):
                        if math.hypot(x - x2, y - y2) < r + r2 + 1100.0:
                            clash = True
                            break
                    if clash:
                        break
                if clash:
                    break
            if clash:
                continue
            grid.setdefault((gi, gj), []).append((x, y, r))
            xy.append((x, y))
            rad.append(r)
            names.append(None)
            placed += 1
        used = set(n for n in names if n)
        pool = [n for n in VILLAGE_POOL if n not in used]
        nrng = self.rng("names")
        for i in range(len(names)):
            if names[i] is None:
                if pool:
                    names[i] = pool.pop(0)
                else:
                    names[i] = self.invent_name(nrng, used)
                used.add(names[i])
        self.v_names = names
        self.v_xy = np.array(xy, float).reshape(-1, 2)
        self.v_r = np.array(rad, float)
        nh = 4
        harm = np.zeros((len(names), nh, 2))
        for h in range(nh):
            harm[:, h, 0] = rng.normal(0.0, 0.16 / (h + 1) ** 0.5, len(names))
            harm[:, h, 1] = rng.uniform(0, 2 * np.pi, len(names))
        self.v_harm = harm
        self.v_tree = cKDTree(self.v_xy) if len(names) else None
        self.used_names = used
        self.log(f"villages: {len(names)}")

    def invent_name(self, rng, used):
        for _ in range(1000):
            pre = _NAME_PRE[rng.integers(len(_NAME_PRE))]
            stem = _NAME_STEM[rng.integers(len(_NAME_STEM))]
            suf = _NAME_SUF[rng.integers(len(_NAME_SUF))]
            nm = (pre + stem.lower() if pre else stem) + suf
            if nm not in used:
                return nm
        k = 2
        while f"{nm} {k}" in used:
            k += 1
        return f"{nm} {k}"

    def nearest_village_name(self, x, y):
        if not len(self.v_names):
            return None
        _, j = self.v_tree.query([x, y])
        return self.v_names[int(j)]

    # ------------------------------------------------------------------ rivers -> segments
    def name_rivers(self):
        rivers = self.rivers
        rivers[0].name = "Mulde"
        m_line = shapely.LineString(rivers[0].coords)
        mains = [i for i in range(1, len(rivers)) if rivers[i].recv == 0]
        mains.sort(key=lambda i: -rivers[i].up_total)
        east, west = list(TRIB_NAMES_EAST), list(TRIB_NAMES_WEST)
        used = {"Mulde"}
        for i in mains:
            c = rivers[i].coords
            J = c[-1]
            s = float(shapely.line_locate_point(m_line, shapely.Point(J)))
            a = shapely.get_coordinates(shapely.line_interpolate_point(m_line, max(0.0, s - 20)))[0]
            b = shapely.get_coordinates(shapely.line_interpolate_point(m_line, s + 20))[0]
            src = c[0]
            cross = (b[0] - a[0]) * (src[1] - a[1]) - (b[1] - a[1]) * (src[0] - a[0])
            pool = west if cross > 0 else east
            if pool and rivers[i].up_total > 3000.0:
                rivers[i].name = pool.pop(0)
                used.add(rivers[i].name)
        for i in range(1, len(rivers)):
            r = rivers[i]
            if r.name:
                continue
            mid = r.coords[len(r.coords) // 2]
            kind = "Bach" if r.up_total > 4000 else "Graben"
            if not len(self.v_names):
                r.name = f"{kind} {i}"
                used.add(r.name)
                continue
            _, js = self.v_tree.query(mid, k=min(4, len(self.v_names)))
            js = np.atleast_1d(js)
            for j in js:
                nm = f"{adjective(self.v_names[int(j)])} {kind}"
                if nm not in used:
                    break
            else:
                k = 2
                base = nm
                while nm in used:
                    nm = f"{base} {k}"
                    k += 1
            r.name = nm
            used.add(nm)

    def segment_rivers(self, n_segments):
        rivers = self.rivers
        lens = np.array([cumlen(r.coords)[-1] for r in rivers])
        n_segments = max(n_segments, len(rivers))
        seg = lens.sum() / n_segments
        raw = lens / seg
        n = np.maximum(1, np.floor(raw).astype(int))
        while n.sum() < n_segments:
            i = int(np.argmax(lens / n))  # split the longest pieces first
            n[i] += 1
        while n.sum() > n_segments:
            cand = np.flatnonzero(n > 1)
            i = cand[int(np.argmin(lens[cand] / n[cand]))]
            n[i] -= 1
        geoms, gid, names, wid, ordn = [], [], [], [], []
        wM = self.mulde_attr(self.mulde_w, rivers[0].coords)
        for i, r in enumerate(rivers):
            c = r.coords
            s = cumlen(c)
            L = s[-1]
            ev = sorted(r.events, key=lambda e: e[0])
            ev_s = np.array([e[0] for e in ev])
            cuts = np.linspace(0.0, L, n[i] + 1)
            for k in range(n[i]):
                a, b = cuts[k], cuts[k + 1]
                inner = (s > a) & (s < b)
                pa = np.array([np.interp(a, s, c[:, 0]), np.interp(a, s, c[:, 1])])
                pb = np.array([np.interp(b, s, c[:, 0]), np.interp(b, s, c[:, 1])])
                if k == 0:
                    pa = c[0]
                if k == n[i] - 1:
                    pb = c[-1]
                seg_c = dedupe(np.vstack([pa, c[inner], pb]))
                if len(seg_c) < 2:
                    continue
                geoms.append(seg_c)
                gid.append(i + 1)
                names.append(r.name)
                # order and width at the downstream end of the segment
                before = ev_s <= b + 1e-6 if len(ev) else np.zeros(0, bool)
                order = 7 if i == 0 else 1
                up = b
                for (_s, o, u), bb in zip(ev, before):
                    if not bb:
                        break
                    if o == order:
                        order += 1
                    elif o > order:
                        order = o
                    up += u
                if i == 0:
                    w = float(np.interp(0.5 * (a + b), s, wM))
                else:
                    w = float(np.clip(0.9 + 1.3 * math.sqrt(up / 1000.0), 1.0, 8.0))
                wid.append(round(w, 1))
                ordn.append(order)
        self.seg_coords = geoms
        self.seg_geoms = np.array([shapely.LineString(g) for g in geoms], dtype=object)
        self.seg_gid = np.array(gid)
        self.seg_name = names
        self.seg_w = np.array(wid)
        self.seg_order = np.array(ordn)
        self.seg_class = np.select([self.seg_w <= 3, self.seg_w <= 6, self.seg_w <= 12, self.seg_w <= 21,
                                    self.seg_w <= 33, self.seg_w <= 45, self.seg_w <= 60],
                                   [3, 6, 12, 21, 33, 45, 60], 90)
        self.log(f"river segments: {len(geoms)} (mean {seg:.0f} m)")

    # ------------------------------------------------------------------ roads
    def build_roads(self):
        rng = self.rng("roads")
        bx0, bx1 = CENTER[0] - BASE_W / 2 - 2000, CENTER[0] + BASE_W / 2 + 2000
        by0, by1 = CENTER[1] - BASE_H / 2 - 2000, CENTER[1] + BASE_H / 2 + 2000
        named = [
            ("A 14", "Autobahn", 15.0, [(bx0, 5689900), (333800, 5688600), (337500, 5688200),
                                          (341500, 5688300), (345500, 5687900), (bx1, 5687300)]),
            ("B 6", "Bundesstraße", 12.0, [(bx0, 5692700), (335200, 5693350), (338000, 5693300),
                                             (339700, 5693150), (341400, 5693700), (343200, 5694250),
                                             (346500, 5695000), (bx1, 5695900)]),
            ("B 107", "Bundesstraße", 12.0, [(344300, by0), (344000, 5689500), (343700, 5692000),
                                               (343500, 5694300), (343000, 5697000), (342600, 5699000),
                                               (341300, 5701500), (340600, by1)]),
            ("S 11", "Staatsstraße", 10.0, [(333900, by0), (333500, 5689700), (334400, 5691500),
                                              (335200, 5693500), (335900, 5696500), (336600, 5699500),
                                              (337300, by1)]),
            ("S 24", "Staatsstraße", 10.0, [(343500, 5694500), (345200, 5696300), (346700, 5698100),
                                              (348500, 5697200), (349900, 5696000), (bx1, 5696300)]),
        ]
        roads = []
        for name, art, hw, pts in named:
            c = np.array(pts, float)
            # extend straight (with gentle bends) beyond the base box when the region is larger
            for end in (0, -1):
                p = c[end]
                q = c[1] if end == 0 else c[-2]
                d = (p - q) / np.hypot(*(p - q))
                ext = []
                cur = p.copy()
                while (self.xmin - 2500 < cur[0] < self.xmax + 2500
                       and self.ymin - 2500 < cur[1] < self.ymax + 2500):
                    ang = rng.normal(0.0, 0.12)
                    d = np.array([d[0] * math.cos(ang) - d[1] * math.sin(ang),
                                  d[0] * math.sin(ang) + d[1] * math.cos(ang)])
                    cur = cur + 2500.0 * d
                    ext.append(cur.copy())
                if ext:
                    e = np.array(ext)
                    c = np.vstack([e[::-1], c]) if end == 0 else np.vstack([c, e])
            roads.append((name, art, hw, chaikin(c, 2)))
        # Kreisstraßen: minimum spanning tree between the larger villages
        big = [i for i in range(len(self.v_names)) if self.v_r[i] >= 330.0 or i < len(NAMED_VILLAGES)]
        if len(big) >= 3:
            P = self.v_xy[big]
            tri = Delaunay(P)
            e = np.vstack([tri.simplices[:, [0, 1]], tri.simplices[:, [1, 2]], tri.simplices[:, [0, 2]]])
            e = np.unique(np.sort(e, axis=1), axis=0)
            w = np.hypot(*(P[e[:, 0]] - P[e[:, 1]]).T)
            g = coo_matrix((w, (e[:, 0], e[:, 1])), shape=(len(P), len(P)))
            mst = minimum_spanning_tree(g).tocoo()
            edges = sorted(zip(mst.row.tolist(), mst.col.tolist()))
            k = 8301
            for a, b in edges:
                pa, pb = P[a], P[b]
                L = float(np.hypot(*(pb - pa)))
                if L > 9000.0 or L < 800.0:
                    continue
                nrm = np.array([-(pb - pa)[1], (pb - pa)[0]]) / L
                mids = [pa + (pb - pa) * t + nrm * rng.normal(0, 0.07 * L) for t in (0.33, 0.67)]
                c = chaikin(np.vstack([pa, mids[0], mids[1], pb]), 3)
                roads.append((f"K {k}", "Kreisstraße", 10.0, c))
                k += 1
        lines = [shapely.LineString(c) for _, _, _, c in roads]
        polys = shapely.buffer(lines, [hw for _, _, hw, _ in roads], quad_segs=4, cap_style="flat")
        polys = shapely.clip_by_rect(polys, *self.bounds)
        keep = ~shapely.is_empty(polys) & (shapely.area(polys) > 1.0)
        self.road_names = [roads[i][0] for i in np.flatnonzero(keep)]
        self.road_arts = [roads[i][1] for i in np.flatnonzero(keep)]
        self.road_polys = polys[keep]
        self.road_lines = np.array(lines, dtype=object)[keep]
        self.road_hw = np.array([roads[i][2] for i in np.flatnonzero(keep)])
        self.log(f"roads: {len(self.road_names)}")

    # ------------------------------------------------------------------ floodplain
    def build_hq100(self):
        c = self.mulde_full
        s = self.mulde_s
        k = np.searchsorted(s, np.arange(0.0, s[-1], 150.0))
        k = np.unique(np.r_[k, len(s) - 1])
        segs = [shapely.LineString(c[k[i]:k[i + 1] + 1]) for i in range(len(k) - 1)]
        fp = np.array([self.mulde_fp[k[i]:k[i + 1] + 1].mean() for i in range(len(k) - 1)])
        u = shapely.union_all(shapely.buffer(segs, fp + 40.0, quad_segs=6))
        u = shapely.buffer(shapely.buffer(u, 150.0, quad_segs=6), -150.0, quad_segs=6)
        self.hq100 = shapely.make_valid(shapely.clip_by_rect(u, *self.bounds))
        shapely.prepare(self.hq100)
        self.log("hq100")

    # ------------------------------------------------------------------ forests & wetlands
    def build_blobs(self, n_patches):
        rng = self.rng("blobs")
        forests = []  # (polygon, name)

        def v_clear(x, y, margin):
            if not len(self.v_names):
                return True
            d, j = self.v_tree.query([x, y])
            return d > self.v_r[j] + margin

        def add_forest(x, y, area, name, rough=0.28):
            p = star_polygon(x, y, area, rng, rough=rough, aspect=rng.uniform(0.8, 1.4),
                             angle=rng.uniform(0, np.pi))
            p = shapely.intersection(p, self.region)
            if not p.is_empty and p.area > 5000:
                forests.append((p, name))
                return p
            return None

        # named forests (only where the region reaches them)
        for x, y, a, nm in NAMED_FORESTS:
            if self.xmin < x < self.xmax and self.ymin < y < self.ymax:
                add_forest(x, y, a, nm, rough=0.2)
        # procedural clusters
        n_par = int(round(self.area_km2 / 10.0))
        tries = 0
        made = 0
        while made < n_par and tries < n_par * 30:
            tries += 1
            x, y = rng.uniform(self.xmin, self.xmax), rng.uniform(self.ymin, self.ymax)
            if abs(x - CENTER[0]) < BASE_W / 2 and abs(y - CENTER[1]) < BASE_H / 2 and rng.random() < 0.35:
                continue
            dm = self.mulde_dist_pts(np.array([[x, y]]))[0]
            fp = self.bilin(self.T_fp, x, y)
            area = float(np.clip(np.exp(rng.normal(math.log(3.0e5), 0.8)), 6e4, 1.5e6))
            r = math.sqrt(area / np.pi)
            if dm < fp + 250 + r or not v_clear(x, y, r + 250):
                continue
            if min(math.hypot(x - px, y - py) for px, py, _ in NAMED_PONDS) < r + 700:
                continue
            nm = self.nearest_village_name(x, y)
            p = add_forest(x, y, area, f"Wald bei {nm}" if nm else "Wald")
            if p is None:
                continue
            made += 1
            for _c in range(int(rng.choice([0, 1, 1, 2]))):
                a2 = area * rng.uniform(0.25, 0.8)
                r2 = math.sqrt(a2 / np.pi)
                ang = rng.uniform(0, 2 * np.pi)
                dist = r + r2 + rng.uniform(80.0, 450.0)
                x2, y2 = x + dist * math.cos(ang), y + dist * math.sin(ang)
                if not v_clear(x2, y2, r2 + 150):
                    continue
                add_forest(x2, y2, a2, f"Gehölz bei {nm}" if nm else "Gehölz")
        # floodplain forest (Auwald) along the Mulde
        c = self.mulde_in
        s = cumlen(c)
        n_au = int(round(s[-1] / 3500.0))
        for _ in range(n_au):
            si = rng.uniform(0, s[-1])
            p = np.array([np.interp(si, s, c[:, 0]), np.interp(si, s, c[:, 1])])
            fp = float(self.bilin(self.T_fp, p[0], p[1]))
            ang = rng.uniform(0, 2 * np.pi)
            d = rng.uniform(150.0, max(200.0, 0.7 * fp))
            x, y = p[0] + d * math.cos(ang), p[1] + d * math.sin(ang)
            if not v_clear(x, y, 200):
                continue
            nm = self.nearest_village_name(x, y)
            add_forest(x, y, float(rng.uniform(5e4, 2.5e5)), f"Auwald bei {nm}" if nm else "Auwald")
        self.forest_polys = np.array([f[0] for f in forests], dtype=object)
        self.forest_names = [f[1] for f in forests]

        # wetlands: exactly as many as the habitat count needs
        n_wet = int(round(0.4 * n_patches))
        n_wald = n_patches - n_wet
        if n_wald > len(forests):
            n_wet += n_wald - len(forests)
            n_wald = len(forests)
        n_wet_make = n_wet + 2 + n_wet // 10      # spares, in case one finds no host parcel
        wets = []
        ftree = shapely.STRtree(self.forest_polys) if len(forests) else None

        def free(poly, gap):
            if ftree is not None and len(ftree.query(poly, predicate="dwithin", distance=gap)):
                return False
            for q, _ in wets:
                if shapely.dwithin(poly, q, gap):
                    return False
            return True

        def add_wet(x, y, area, name, aspect=1.0, angle=0.0, gap=150.0):
            if not v_clear(x, y, math.sqrt(area / np.pi) + 100):
                return False
            p = star_polygon(x, y, area, rng, rough=0.3, aspect=aspect, angle=angle)
            if not shapely.contains(self.region, p) or not free(p, gap):
                return False
            wets.append((p, name))
            return True

        if n_wet >= 3 and self.xmin < 336300 < self.xmax and self.ymin < 5695300 < self.ymax:
            for (x, y, a) in NAMED_PONDS:
                add_wet(x, y, a, "Lübschützer Teiche", gap=40.0)
        trib = [r.coords for r in self.rivers[1:]]
        tries = 0
        while len(wets) < n_wet_make and tries < 20000:
            tries += 1
            area = float(np.clip(np.exp(rng.normal(math.log(5e4), 0.8)), 1.6e4, 3.5e5))
            if trib and rng.random() < 0.6:
                c = trib[rng.integers(len(trib))]
                s = cumlen(c)
                si = rng.uniform(0.1, 0.9) * s[-1]
                k = min(int(np.searchsorted(s, si)), len(c) - 1)
                p = np.array([np.interp(si, s, c[:, 0]), np.interp(si, s, c[:, 1])])
                dvec = c[k] - c[max(k - 1, 0)]
                ang = math.atan2(dvec[1], dvec[0])
                off = rng.uniform(30.0, 120.0) * rng.choice([-1, 1])
                x, y = p[0] - off * math.sin(ang), p[1] + off * math.cos(ang)
                nm = self.nearest_village_name(x, y)
                name = f"Nasswiese bei {nm}" if nm else "Nasswiese"
                ok = add_wet(x, y, area, name, aspect=1.5, angle=ang)
            else:
                c = self.mulde_in
                s = cumlen(c)
                si = rng.uniform(0, s[-1])
                p = np.array([np.interp(si, s, c[:, 0]), np.interp(si, s, c[:, 1])])
                fp = float(self.bilin(self.T_fp, p[0], p[1]))
                ang = rng.uniform(0, 2 * np.pi)
                d = rng.uniform(120.0, max(150.0, 0.8 * fp))
                x, y = p[0] + d * math.cos(ang), p[1] + d * math.sin(ang)
                nm = self.nearest_village_name(x, y)
                name = f"Altwasser bei {nm}" if nm else "Altwasser"
                ok = add_wet(x, y, area, name, aspect=1.8, angle=rng.uniform(0, np.pi))
            if ok and len(wets) < n_wet_make and rng.random() < 0.3:
                ang = rng.uniform(0, 2 * np.pi)
                dist = 2 * math.sqrt(area / np.pi) + rng.uniform(60, 200)
                add_wet(x + dist * math.cos(ang), y + dist * math.sin(ang),
                        area * rng.uniform(0.4, 1.0), name, gap=40.0)
        self.wet_polys = np.array([w[0] for w in wets], dtype=object)
        self.wet_names = [w[1] for w in wets]
        self.n_wald = n_wald
        self.n_wet = n_wet
        self.log(f"forest blobs {len(forests)}, wetlands {len(wets)}")

    # ------------------------------------------------------------------ parcels
    def seed_density(self, x, y):
        d = np.exp(np.clip(0.55 * self.n_density(x, y), -0.7, 0.7))
        vi, q = self.village_of(x, y, return_q=True)
        vil = vi >= 0
        vmax = 7.0 * math.exp(0.35)
        # villages: small parcels, with a short transition ring outside the outline
        ring = np.exp(-((q - 1.0) / 0.25) ** 2) * vmax
        d = np.where(vil, vmax, np.maximum(d, ring))
        if self.forest_union is not None:
            fo = shapely.contains_xy(self.forest_union, x, y)
            d = np.where(fo & ~vil, d * 0.45, d)
        hq = shapely.contains_xy(self.hq100, x, y)
        d = np.where(hq & ~vil, d * 1.4, d)
        return d

    def make_cells(self, n_seeds, rng):
        """Anisotropic Voronoi cells (elongated like field strips) of density-varying seeds,
        clipped to the region; sorted north to south, west to east."""
        dmax = 7.0 * math.exp(0.35)
        seeds = []
        have = 0
        rate = 0.1
        while have < n_seeds:
            m = int((n_seeds - have) / rate * 1.15) + 1000
            x = rng.uniform(self.xmin, self.xmax, m)
            y = rng.uniform(self.ymin, self.ymax, m)
            u = rng.random(m)
            acc = u < self.seed_density(x, y) / dmax
            rate = max(0.01, acc.mean())
            p = np.column_stack([x[acc], y[acc]])[: n_seeds - have]
            seeds.append(p)
            have += len(p)
        P = np.vstack(seeds)
        ang, aniso = self.p_angle, 1.5
        ca, sa = math.cos(ang), math.sin(ang)
        M = np.array([[ca / aniso, sa / aniso], [-sa, ca]])
        Minv = np.linalg.inv(M)
        c0 = np.array(CENTER)
        Q = (P - c0) @ M.T
        ext = np.array([[self.xmin, self.ymin], [self.xmax, self.ymin], [self.xmax, self.ymax],
                        [self.xmin, self.ymax]])
        eq = (ext - c0) @ M.T
        box = shapely.box(*(eq.min(0) - 5000), *(eq.max(0) + 5000))
        vor = shapely.voronoi_polygons(shapely.multipoints(Q), extend_to=box)
        cells_raw = shapely.transform(shapely.get_parts(vor), lambda q: q @ Minv.T + c0)
        cells = shapely.clip_by_rect(cells_raw, *self.bounds)
        keep = ~shapely.is_empty(cells) & (shapely.area(cells) > 1e-6)
        cells_raw, cells = cells_raw[keep], cells[keep]
        cen = shapely.get_coordinates(shapely.centroid(cells))
        order = np.lexsort((np.round(cen[:, 0], 3), -np.round(cen[:, 1], 3)))
        cells_raw, cells, cen = cells_raw[order], cells[order], cen[order]
        # the seed of every cell
        pi, ci = shapely.STRtree(cells).query(shapely.points(P), predicate="intersects")
        seed = cen.copy()
        seed[ci[::-1]] = P[pi[::-1]]
        self.last_seeds = seed
        return cells_raw, cells, cen

    def muni_of(self, x, y):
        """Municipality index: domain-warped, weighted nearest territory anchor."""
        self.build_municipality_anchors()
        wx = x + 900.0 * self.n_warpx(x, y)
        wy = y + 900.0 * self.n_warpy(x, y)
        ax, ay, aw = self.m_xy[:, 0], self.m_xy[:, 1], self.m_w
        k = min(8, len(aw))
        _, cand = self.m_tree.query(np.column_stack([wx, wy]), k=k)
        cand = np.asarray(cand).reshape(len(x), k)
        score = np.hypot(wx[:, None] - ax[cand], wy[:, None] - ay[cand]) / aw[cand]
        return cand[np.arange(len(x)), np.argmin(score, axis=1)]

    def gemarkung_of(self, x, y):
        """Village whose Gemarkung (cadastral district) holds the point (warped nearest)."""
        if not len(self.v_names):
            return np.zeros(len(x), np.int64)
        wx = x + 600.0 * self.n_warpy(x, y)
        wy = y + 600.0 * self.n_warpx(x, y)
        return np.asarray(self.v_tree.query(np.column_stack([wx, wy]))[1], np.int64)

    def carve(self, cells_raw, cells, cen, muni):
        """Cut rivers and roads out of the cells.  Returns land parts (geometry, cell) and
        strip parcels (geometry, kind 1 water / 2 road); strips are pieced per municipality
        and per ~600 m (cells grouped by the square holding their centroid)."""
        n = len(cells)
        ctree = shapely.STRtree(cells)
        wbuf, rbuf = self.wbuf, self.rbuf
        allbuf = np.concatenate([wbuf, rbuf])
        bi, ci = ctree.query(allbuf, predicate="intersects")
        cut = group_union(n, ci, shapely.intersection(cells[ci], allbuf[bi]))
        hc = np.array([g is not None for g in cut])
        rem = cells.copy()
        rem[hc] = shapely.difference(cells[hc], cut[hc])
        pr, ir = explode_polygons(rem)
        # strip parcels per group of cut cells
        sq = 600.0
        hci = np.flatnonzero(hc)
        gkey = (muni[hci].astype(np.int64) * 10_000_000
                + np.floor((cen[hci, 0] - self.xmin) / sq).astype(np.int64) * 3000
                + np.floor((cen[hci, 1] - self.ymin) / sq).astype(np.int64))
        ukey, ginv = np.unique(gkey, return_inverse=True)
        gpoly = np.empty(len(ukey), dtype=object)
        order = np.argsort(ginv, kind="stable")
        bounds = np.r_[0, np.flatnonzero(np.diff(ginv[order])) + 1, len(order)]
        for g in range(len(ukey)):
            members = cells_raw[hci[order[bounds[g]:bounds[g + 1]]]]
            u = shapely.coverage_union_all(members) if len(members) > 1 else members[0]
            if not u.is_valid:
                u = shapely.union_all(members)
            gpoly[g] = u
        gpoly = shapely.clip_by_rect(gpoly, *self.bounds)
        gmuni = ukey // 10_000_000
        gtree = shapely.STRtree(gpoly)
        bi, gi = gtree.query(wbuf, predicate="intersects")
        water = group_union(len(gpoly), gi, shapely.intersection(gpoly[gi], wbuf[bi]))
        bi, gi = gtree.query(rbuf, predicate="intersects")
        road = group_union(len(gpoly), gi, shapely.intersection(gpoly[gi], rbuf[bi]))
        hw = np.array([g is not None for g in water])
        hr = np.array([g is not None for g in road])
        both = hw & hr
        road[both] = shapely.difference(road[both], water[both])
        pw, iw = explode_polygons(water[hw])
        pq, iq = explode_polygons(road[hr])
        strips = np.concatenate([pw, pq])
        skind = np.concatenate([np.ones(len(pw), int), np.full(len(pq), 2)])
        smuni = np.concatenate([gmuni[hw][iw], gmuni[hr][iq]]) if len(strips) else np.zeros(0, int)
        # snap to the 1 mm grid (hairline necks become separate parts) before tidying up
        pr, k = explode_polygons(snap_mm(pr))
        ir = ir[k]
        if len(strips):
            strips, k = explode_polygons(snap_mm(strips))
            skind, smuni = skind[k], smuni[k]
        # tiny strip pieces and tiny land leftovers join the touching strip piece of their kind
        tiny_s = shapely.area(strips) < 200.0
        tiny_l = shapely.area(pr) < 150.0
        if (tiny_s.any() or tiny_l.any()) and len(strips):
            big = np.flatnonzero(~tiny_s)
            btree = shapely.STRtree(strips[big])
            add_g, add_o = [], []
            for pieces, tiny, kind_of in ((strips, tiny_s, skind), (pr, tiny_l, None)):
                ti = np.flatnonzero(tiny)
                if not len(ti):
                    continue
                a, b = btree.query(pieces[ti], predicate="intersects")
                if kind_of is not None:
                    same = skind[big[b]] == kind_of[ti[a]]
                    a, b = a[same], b[same]
                if not len(a):
                    continue
                shared = shapely.length(shapely.intersection(shapely.boundary(pieces[ti[a]]),
                                                             shapely.boundary(strips[big[b]])))
                o = np.lexsort((-shared, a))
                a, b, shared = a[o], b[o], shared[o]
                first = np.r_[True, a[1:] != a[:-1]] & (shared > 1e-6)
                a, b = a[first], b[first]
                tiny[ti] = False
                tiny[ti[a]] = True          # only the ones that found a partner are merged
                add_g.append(pieces[ti[a]])
                add_o.append(big[b])
            if add_g:
                add_g = np.concatenate(add_g)
                add_o = np.concatenate(add_o)
                merged = group_union(len(strips), add_o, add_g)
                has = np.array([g is not None for g in merged])
                strips[has] = shapely.union(strips[has], merged[has])
            keep_s = ~tiny_s
            strips, skind, smuni = strips[keep_s], skind[keep_s], smuni[keep_s]
            pr, ir = pr[~tiny_l], ir[~tiny_l]
            strips, k = explode_polygons(snap_mm(strips))
            skind, smuni = skind[k], smuni[k]
        return pr, ir, strips, skind, smuni

    def build_parcels(self, n_parcels):
        rng = self.rng("parcels")
        self.forest_union = shapely.union_all(self.forest_polys) if len(self.forest_polys) else None
        if self.forest_union is not None:
            shapely.prepare(self.forest_union)
        self.p_angle = rng.uniform(np.deg2rad(15), np.deg2rad(40))
        wid = np.where(self.seg_gid == 1, self.seg_w + 10.0, np.maximum(self.seg_w + 4.0, 6.0))
        self.wbuf = shapely.buffer(self.seg_geoms, wid / 2.0, quad_segs=3)
        self.rbuf = shapely.buffer(self.road_lines, self.road_hw, quad_segs=4, cap_style="flat")
        # the strips add parcels (cut cells, strip pieces): find the seed count that gives
        # about n_parcels in all (model extra ~ sqrt(cells), then a secant step if needed)
        trials = {}

        def trial(n_seeds):
            n_seeds = max(20, int(round(n_seeds)))
            if n_seeds not in trials:
                cr, cl, ce = self.make_cells(n_seeds, self.rng("parcel-seeds"))
                mu = self.muni_of(ce[:, 0], ce[:, 1])
                cv = self.carve(cr, cl, ce, mu)
                trials[n_seeds] = ((cr, cl, ce, mu, self.last_seeds), cv, len(cv[0]) + len(cv[2]))
                self.log(f"parcel trial: {n_seeds} seeds -> {trials[n_seeds][2]} parcels")
            return n_seeds, trials[n_seeds][2]

        n1, t1 = trial(0.79 * n_parcels)
        if abs(t1 - n_parcels) > 0.01 * n_parcels:
            a = max(0, t1 - n1) / math.sqrt(n1)
            n2, t2 = trial(((-a + math.sqrt(a * a + 4 * n_parcels)) / 2) ** 2)
            if abs(t2 - n_parcels) > 0.02 * n_parcels and t2 != t1:
                trial(n2 + (n_parcels - t2) * (n2 - n1) / (t2 - t1))
        best = min(trials, key=lambda k: (abs(trials[k][2] - n_parcels), k))
        (cells_raw, cells, cen, muni, seeds), carved, _ = trials[best]
        trials.clear()
        self.cells_raw, self.cells, self.cen = cells_raw, cells, cen
        n = len(cells)
        cx, cy = cen[:, 0], cen[:, 1]
        ctree = shapely.STRtree(cells)

        # --- context of every cell (village: by the cell's seed, as the seed density is)
        vil = self.village_of(seeds[:, 0], seeds[:, 1])
        fblob = np.full(n, -1, np.int64)
        if len(self.forest_polys):
            ftree = shapely.STRtree(self.forest_polys)
            pi, bi = ftree.query(shapely.points(cen), predicate="within")
            first = np.unique(pi, return_index=True)[1]
            fblob[pi[first]] = bi[first]
            rep = shapely.point_on_surface(self.forest_polys)
            bi2, ci2 = ctree.query(rep, predicate="within")
            for b, c in zip(bi2, ci2):
                if fblob[c] < 0:
                    fblob[c] = b
        fblob[vil >= 0] = -1
        wblob = np.full(n, -1, np.int64)
        if len(self.wet_polys):
            wi, ci = ctree.query(self.wet_polys, predicate="intersects")
            frac = shapely.area(shapely.intersection(cells[ci], self.wet_polys[wi])) / shapely.area(cells[ci])
            sel = frac >= 0.3
            wblob[ci[sel]] = wi[sel]
            rep = shapely.point_on_surface(self.wet_polys)
            wi2, ci2 = ctree.query(rep, predicate="within")
            for w, c in zip(wi2, ci2):
                if wblob[c] < 0:
                    wblob[c] = w
        wblob[(vil >= 0) | (fblob >= 0)] = -1
        hq = shapely.contains_xy(self.hq100, cx, cy)
        dtrib = self.bilin(self.T_dT, cx, cy)
        if len(self.v_names):
            dv, jv = self.v_tree.query(cen)
            dv = dv - self.v_r[jv]
        else:
            dv = np.full(n, 1e6)

        # --- land use
        u = rng.random(n)
        lu_noise = self.n_lu(cx, cy)
        lu = np.full(n, ARABLE, dtype=object)

        def pick(mask, table):
            codes = [t[0] for t in table]
            cum = np.cumsum([t[1] for t in table])
            cum = cum / cum[-1]
            idx = np.searchsorted(cum, u[mask], side="right")
            lu[mask] = np.array(codes, dtype=object)[np.minimum(idx, len(codes) - 1)]

        is_v = vil >= 0
        is_f = fblob >= 0
        is_w = wblob >= 0
        is_hq = hq & ~is_v & ~is_f & ~is_w
        near = (dtrib < 200.0) & ~is_v & ~is_f & ~is_w & ~is_hq
        open_ = ~is_v & ~is_f & ~is_w & ~is_hq & ~near
        pick(is_v, [(BUILT, 0.83), (GRASS, 0.07), (ORCHARD, 0.07), (WOODY, 0.03)])
        lu[is_f] = FOREST
        lu[is_w] = GRASS
        pick(is_hq, [(GRASS, 0.58), (ARABLE, 0.2), (FOREST, 0.08), (WOODY, 0.07), (FALLOW, 0.05),
                     (ORCHARD, 0.02)])
        pick(near, [(GRASS, 0.44), (ARABLE, 0.38), (WOODY, 0.07), (FALLOW, 0.06), (FOREST, 0.05)])
        wet_open = open_ & (lu_noise > 1.2)   # moist depressions: more grassland
        pick(open_ & ~wet_open, [(ARABLE, 0.81), (GRASS, 0.08), (FALLOW, 0.045), (WOODY, 0.03),
                                 (FOREST, 0.02), (BUILT, 0.008), (ORCHARD, 0.007)])
        pick(wet_open, [(GRASS, 0.5), (ARABLE, 0.4), (FALLOW, 0.05), (WOODY, 0.05)])
        far_orch = (lu == ORCHARD) & (dv > 800.0) & ~is_v
        lu[far_orch] = ARABLE
        carea = shapely.area(cells)
        lu[(lu == BUILT) & ~is_v & (carea > 3e4)] = ARABLE      # farmsteads are small parcels
        # keep the arable share near 60 % of the area whatever the seed: switch open-field
        # parcels between arable and grassland/fallow, in a random (seeded) order
        target = 0.605 * carea.sum()
        order = rng.permutation(n)
        have = carea[lu == ARABLE].sum()
        if have < target:
            cand = order[(open_ | near)[order] & np.isin(lu[order], [GRASS, FALLOW])]
            k = int(np.searchsorted(np.cumsum(carea[cand]), target - have))
            lu[cand[:k]] = ARABLE
        else:
            cand = order[open_[order] & (lu[order] == ARABLE)]
            k = int(np.searchsorted(np.cumsum(carea[cand]), have - target))
            lu[cand[:k]] = GRASS

        # --- soil index (Bodenzahl): loess plateau high, sand / terrace gravel / hills low
        dM = self.bilin(self.T_dM, cx, cy)
        fp = self.bilin(self.T_fp, cx, cy)
        hills = self.bilin(self.T_hills, cx, cy)
        loess = 1.0 / (1.0 + np.exp(-(1.0 * self.n_loess(cx, cy) + (CENTER[1] - cy) / 4000.0)))
        sand = 1.0 / (1.0 + np.exp(-(1.2 * self.n_sand(cx, cy) - 1.0 + (cy - CENTER[1]) / 5000.0)))
        bz = 30.0 + 46.0 * loess - 16.0 * sand + 4.0 * self.n_soil(cx, cy)
        terrace = (dM > fp) & (dM < fp + 1800.0)
        bz = np.where(terrace, bz - 13.0 * (1.0 - (dM - fp) / 1800.0), bz)
        bz = np.where(dM <= fp, 50.0 + 6.0 * self.n_soil(cx, cy), bz)
        bz = bz - 0.35 * np.clip(hills, 0, 60)
        bz = bz + rng.normal(0.0, 2.0, n)
        cell_bz = np.clip(np.round(bz), 20, 90).astype(np.int64)

        gem_v = self.gemarkung_of(cx, cy)
        self.cell_vil, self.cell_fblob, self.cell_wblob = vil, fblob, wblob
        self.cell_lu, self.cell_muni = lu, muni
        self.cell_hq, self.cell_dtrib = hq, dtrib

        # --- cut rivers and roads out as strip parcels
        pr, ir, strips, skind, smuni = carved
        geoms = np.concatenate([pr, strips])
        owner = np.concatenate([ir, np.full(len(strips), -1)]).astype(np.int64)
        kind = np.concatenate([np.zeros(len(pr), int), skind])
        pc = shapely.get_coordinates(shapely.centroid(geoms))
        # strips: municipality of the cell holding the centroid, Gemarkung from the centroid
        s_idx = np.flatnonzero(owner < 0)
        if len(s_idx):
            pi, ci = ctree.query(shapely.points(pc[s_idx]), predicate="intersects")
            hold = np.full(len(s_idx), -1, np.int64)
            hold[pi[::-1]] = ci[::-1]
            miss = hold < 0
            if miss.any():
                hold[miss] = ctree.query_nearest(shapely.points(pc[s_idx[miss]]), all_matches=False)[1]
            m_of = muni[np.where(owner >= 0, owner, 0)]
            m_of[s_idx] = muni[hold]
        else:
            m_of = muni[owner]
        g_of = np.where(owner >= 0, gem_v[np.maximum(owner, 0)], 0)
        if len(s_idx):
            g_of[s_idx] = self.gemarkung_of(pc[s_idx, 0], pc[s_idx, 1])
        pl = np.where(kind == 1, WATER, np.where(kind == 2, ROAD, lu[np.maximum(owner, 0)])).astype(object)
        # flurstückskennzeichen: AGS-Gemarkung-Nummer, numbered N->S, W->E in each Gemarkung
        pairs = np.unique(np.column_stack([m_of, g_of]), axis=0)
        gem_no = {}
        for mm in np.unique(pairs[:, 0]):
            vs = pairs[pairs[:, 0] == mm, 1]
            for r_, v in enumerate(sorted(vs.tolist()), start=1):
                gem_no[(int(mm), int(v))] = r_
        gno = np.array([gem_no[(int(a_), int(b_))] for a_, b_ in zip(m_of, g_of)])
        o = np.lexsort((np.round(pc[:, 0], 2), -np.round(pc[:, 1], 2), gno, m_of))
        geoms, owner, kind, pl, m_of, gno = geoms[o], owner[o], kind[o], pl[o], m_of[o], gno[o]
        key = m_of * 100000 + gno
        starts = np.r_[0, np.flatnonzero(np.diff(key)) + 1]
        sizes = np.diff(np.r_[starts, len(key)])
        num = np.arange(len(key)) - np.repeat(starts, sizes) + 1
        ags = self.m_ags
        kennz = [f"{ags[a_]}-{g_:04d}-{k_:05d}" for a_, g_, k_ in zip(m_of, gno, num)]
        agri = np.array([str(x).startswith("43001") for x in pl])
        bz = np.where(agri & (owner >= 0), cell_bz[np.maximum(owner, 0)], -1)
        self.p_geoms, self.p_owner, self.p_kind, self.p_lu = geoms, owner, kind, pl
        self.p_kennz, self.p_bz, self.p_muni = kennz, bz, m_of
        self.log(f"parcels: {len(geoms)} ({len(pr)} land, {(kind == 1).sum()} water, "
                 f"{(kind == 2).sum()} road)")


    # ------------------------------------------------------------------ municipalities
    def build_municipality_anchors(self):
        if hasattr(self, "m_xy"):
            return
        ags, names, xy, w = [], [], [], []
        for a, nm, x, y, wt in MUNICIPALITIES:
            ags.append(a)
            names.append(nm)
            xy.append((x, y))
            w.append(wt)
        # further municipalities outside the base box at the same density (invented keys)
        rng = self.rng("municipalities")
        n_extra = int(round(self.area_km2 / 50.0)) - len(MUNICIPALITIES)
        bx0, bx1 = CENTER[0] - BASE_W / 2, CENTER[0] + BASE_W / 2
        by0, by1 = CENTER[1] - BASE_H / 2, CENTER[1] + BASE_H / 2
        tries = 0
        k = 0
        used = set(names)
        while n_extra > 0 and tries < n_extra * 50:
            tries += 1
            x = rng.uniform(self.xmin, self.xmax)
            y = rng.uniform(self.ymin, self.ymax)
            if bx0 - 2500 < x < bx1 + 2500 and by0 - 2500 < y < by1 + 2500:
                continue
            if min(math.hypot(x - a, y - b) for a, b in xy) < 5500.0:
                continue
            dist, j = self.v_tree.query([x, y]) if len(self.v_names) else (1e9, -1)
            nm = self.v_names[int(j)] if dist < 4000 and self.v_names[int(j)] not in used else None
            if nm is None:
                nm = self.invent_name(rng, self.used_names | used)
            used.add(nm)
            district = ["14729", "14730", "14522", "14521", "14523", "14627"][min(k // 490, 5)]
            ags.append(f"{district}{500 + k % 490:03d}")
            names.append(nm)
            xy.append((x, y))
            w.append(float(rng.uniform(0.85, 1.2)))
            k += 1
            n_extra -= 1
        self.m_ags, self.m_names = ags, names
        self.m_xy = np.array(xy)
        self.m_w = np.array(w)
        self.m_tree = cKDTree(self.m_xy)

    def build_gemeinden(self):
        geoms, ags, names = [], [], []
        for m in np.unique(self.cell_muni):
            sel = self.cell_muni == m
            u = shapely.coverage_union_all(self.cells_raw[sel])
            if not u.is_valid:
                u = shapely.union_all(self.cells_raw[sel])
            g = shapely.clip_by_rect(u, *self.bounds)
            geoms.append(g)
            ags.append(self.m_ags[m])
            names.append(self.m_names[m])
        mp, keep = to_multipolygons(np.array(geoms, dtype=object))
        self.gem = (mp, [ags[i] for i in keep], [names[i] for i in keep])

    def build_ortslagen(self):
        geoms, names = [], []
        for v in np.unique(self.cell_vil[self.cell_vil >= 0]):
            sel = self.cell_vil == v
            u = shapely.coverage_union_all(self.cells_raw[sel])
            if not u.is_valid:
                u = shapely.union_all(self.cells_raw[sel])
            geoms.append(shapely.clip_by_rect(u, *self.bounds))
            names.append(self.v_names[v])
        mp, keep = to_multipolygons(np.array(geoms, dtype=object))
        self.ortslagen = (mp, [names[i] for i in keep])

    # ------------------------------------------------------------------ habitats
    def build_habitats(self, n_patches):
        rng = self.rng("habitats")
        land = self.p_kind == 0
        # Wald: union of the forest parcels of a forest blob (named blobs first, then random)
        f_of = np.where(land, self.cell_fblob[np.maximum(self.p_owner, 0)], -1)
        ok = land & (self.p_lu == FOREST) & (f_of >= 0)
        blobs = np.unique(f_of[ok])
        named = ("Planitzwald", "Hohburger Berge", "Hohburger Berge (Spielberg)",
                 "Hohburger Berge (Kleiner Berg)", "Püchauer Holz")
        first = [b for b in blobs if self.forest_names[b] in named]
        rest = np.array([b for b in blobs if self.forest_names[b] not in named], dtype=np.int64)
        if len(rest):
            wts = np.sqrt(np.array([self.forest_polys[b].area for b in rest]))
            rest = rest[rng.choice(len(rest), size=len(rest), replace=False, p=wts / wts.sum())]
        wald_order = first + rest.tolist()
        wald = []
        for b in wald_order:
            sel = ok & (f_of == b)
            g = shapely.union_all(self.p_geoms[sel])
            if 1.0e4 <= g.area <= 3.0e6:
                wald.append((b, g))
        # wetlands: the wetland outline within its grassland parcels
        w_of = np.where(land, self.cell_wblob[np.maximum(self.p_owner, 0)], -1)
        wok = land & (self.p_lu == GRASS) & (w_of >= 0)
        wet = []
        for w in range(len(self.wet_polys)):
            sel = wok & (w_of == w)
            if not sel.any():
                continue
            host = shapely.union_all(self.p_geoms[sel])
            g = shapely.intersection(self.wet_polys[w], host)
            if g.area < 1.0e4 and host.area <= 3.0e6:
                g = host
            if g.area < 1.0e4:
                continue
            wet.append((w, g))
        n_wald = min(self.n_wald, len(wald))
        n_wet = min(n_patches - n_wald, len(wet))
        n_wald = min(len(wald), n_patches - n_wet)
        chosen_w = sorted(wald[:n_wald], key=lambda t: t[0])
        geoms = [g for _, g in chosen_w] + [g for _, g in wet[:n_wet]]
        typ = ["Wald"] * len(chosen_w) + ["Feuchtgebiet"] * n_wet
        names = [self.forest_names[b] for b, _ in chosen_w] + [self.wet_names[w] for w, _ in wet[:n_wet]]
        mp, keep = to_multipolygons(np.array(geoms, dtype=object))
        typ = [typ[i] for i in keep]
        names = [names[i] for i in keep]
        self.habitate = (mp, list(range(1, len(mp) + 1)), typ, names)
        self.log(f"habitats: {len(mp)} ({typ.count('Wald')} Wald)")

    # ------------------------------------------------------------------ water protection zones
    def build_wsg(self):
        rng = self.rng("wsg")
        fields = []
        # Mulde well field of the Leipzig water utility north of Wurzen (Canitz/Thallwitz)
        fields.append((0, 5696700.0, 5698900.0, -1, "TWSG Canitz-Thallwitz (Mulde)", 1.0))
        n_extra = int(round(self.area_km2 / 350.0)) - 1
        placed = [np.array([341500.0, 5697800.0])]
        mains = [i for i, r in enumerate(self.rivers) if i == 0 or r.order_final >= 2]
        tries = 0
        while n_extra > 0 and tries < 400:
            tries += 1
            i = mains[rng.integers(len(mains))]
            c = self.rivers[i].coords
            s = cumlen(c)
            if s[-1] < 3000:
                continue
            si = rng.uniform(1000.0, s[-1] - 1000.0)
            p = np.array([np.interp(si, s, c[:, 0]), np.interp(si, s, c[:, 1])])
            if min(np.hypot(*(p - q)) for q in placed) < 14000.0:
                continue
            if not self.inside(np.array([p[0]]), np.array([p[1]]), 3000.0)[0]:
                continue
            placed.append(p)
            nm = self.nearest_village_name(*p)
            fields.append((i, si - 900.0, si + 900.0, int(rng.choice([-1, 1])), f"TWSG {nm}", 0.6))
            n_extra -= 1
        self.wsg = []
        for i, a, b, side, name, size in fields:
            c = self.rivers[i].coords if i else self.mulde_full
            s = cumlen(c)
            if i == 0:
                # the field is given by y range along the Mulde
                ys = c[:, 1]
                ka, kb = int(np.argmax(ys >= a)), int(np.argmax(ys >= b))
                if kb <= ka + 1:
                    continue
                sa, sb = s[ka], s[kb]
            else:
                sa, sb = a, b
            nw = int(rng.integers(6, 10)) if i == 0 else int(rng.integers(3, 6))
            ss = np.linspace(sa, sb, nw)
            P = np.column_stack([np.interp(ss, s, c[:, 0]), np.interp(ss, s, c[:, 1])])
            t = np.column_stack([np.interp(ss + 10, s, c[:, 0]), np.interp(ss + 10, s, c[:, 1])]) - P
            t /= np.hypot(t[:, 0], t[:, 1])[:, None]
            nrm = np.column_stack([-t[:, 1], t[:, 0]]) * side
            fp = self.bilin(self.T_fp, P[:, 0], P[:, 1]) if i == 0 else np.full(nw, 300.0)
            off = (0.55 * fp + 120.0) if i == 0 else np.full(nw, 150.0)
            wells = P + nrm * (off + rng.normal(0, 25, nw))[:, None]
            wells = wells[np.r_[True, np.hypot(*np.diff(wells, axis=0).T) > 60]]
            z1 = shapely.union_all(shapely.buffer(shapely.points(wells), 15.0, quad_segs=8))
            wl = shapely.LineString(wells) if len(wells) > 1 else shapely.Point(wells[0])
            z2f = shapely.union(shapely.buffer(wl, 380.0 * (1 if i == 0 else 0.8), quad_segs=8), z1)
            ctr = wells.mean(axis=0)
            d = wells[-1] - wells[0]
            ang = math.atan2(d[1], d[0]) if np.hypot(*d) > 0 else 0.0
            nn = nrm.mean(axis=0)
            e_ctr = ctr + nn * 1400.0 * size
            z3 = star_polygon(e_ctr[0], e_ctr[1], math.pi * 4200 * 2600 * size * size, rng, rough=0.12,
                              aspect=1.25, angle=ang)
            z3f = shapely.union(z3, shapely.buffer(z2f, 500.0, quad_segs=8))
            I = shapely.clip_by_rect(z1, *self.bounds)  # noqa: E741 - the name of the zone in the domain notes
            II = shapely.clip_by_rect(shapely.difference(z2f, z1), *self.bounds)
            III = shapely.clip_by_rect(shapely.difference(z3f, z2f), *self.bounds)
            for zone, g in (("I", I), ("II", II), ("III", III)):
                if not g.is_empty and g.area > 1.0:
                    self.wsg.append((g, zone, name))
        self.log(f"wsg: {len(self.wsg)} zones")

    # ------------------------------------------------------------------ protected areas
    def build_schutzgebiete(self):
        rng = self.rng("schutzgebiete")
        out = []
        # FFH along the Mulde floodplain
        ffh = shapely.buffer(self.hq100, -60.0, quad_segs=4)
        out.append((ffh, "FFH", "Vereinigte Mulde und Muldeauen"))
        out.append((shapely.buffer(self.hq100, 250.0, quad_segs=6), "LSG", "Mittlere Mulde"))
        hx, hy = 348200.0, 5699700.0
        if self.xmin - 3000 < hx < self.xmax + 3000 and self.ymin - 3000 < hy < self.ymax + 3000:
            out.append((star_polygon(hx, hy, 2.6e7, rng, rough=0.15, aspect=1.2, angle=0.4), "LSG",
                        "Hohburger Berge"))
            out.append((star_polygon(348350.0, 5699850.0, 1.1e6, rng, rough=0.2), "NSG", "Löbenberg"))
        # NSG on a share of the forests, FFH along the larger tributaries
        for b in range(len(self.forest_polys)):
            if self.forest_names[b] == "Planitzwald":
                out.append((shapely.buffer(self.forest_polys[b], -40.0), "NSG", "Planitzwald"))
            elif rng.random() < 0.1 and self.forest_polys[b].area > 3e5:
                out.append((shapely.buffer(self.forest_polys[b], 30.0), "NSG",
                            self.forest_names[b].replace("Wald bei", "Waldgebiet bei")))
        for i, r in enumerate(self.rivers[1:], start=1):
            if r.recv == 0 and r.up_total > 6000 and (rng.random() < 0.5 or r.name == "Lossa"):
                out.append((shapely.buffer(shapely.LineString(r.coords), 60.0, quad_segs=4), "FFH",
                            f"{r.name} und Nebengewässer"))
        if self.S > 1.5:
            for hx, hy, h, sg in self.hills()[len(HOHBURG_HILLS):]:
                if sg > 1000 and rng.random() < 0.7:
                    out.append((star_polygon(hx, hy, math.pi * (1.5 * sg) ** 2, rng, rough=0.15), "LSG",
                                f"Hügelland bei {self.nearest_village_name(hx, hy)}"))
        geoms = np.array([shapely.clip_by_rect(g, *self.bounds) for g, _, _ in out], dtype=object)
        mp, keep = to_multipolygons(geoms)
        self.schutz = (mp, [out[i][1] for i in keep], [out[i][2] for i in keep])

    # ------------------------------------------------------------------ compensation areas
    def build_kompensation(self):
        rng = self.rng("kompensation")
        n_target = max(3, int(round(BASE_COMPENSATION * self.S)))
        land = np.flatnonzero((self.p_kind == 0))
        lu = self.p_lu[land]
        agri = np.array([str(x).startswith("43001") for x in lu])
        built = lu == BUILT
        hab = self.habitate[0]
        htree = shapely.STRtree(hab) if len(hab) else None
        measures = [("Heckenpflanzung", 0.25), ("Umwandlung Acker in extensives Grünland", 0.22),
                    ("Anlage Streuobstwiese", 0.14), ("Erstaufforstung", 0.09),
                    ("Gewässerrandstreifen und Ufergehölz", 0.18), ("Entsiegelung", 0.12)]
        cum = np.cumsum([m[1] for m in measures])
        cum /= cum[-1]
        segs = self.seg_geoms[self.seg_gid > 1]
        stree = shapely.STRtree(segs) if len(segs) else None
        out = []
        tries = 0
        used = set()
        while len(out) < n_target and tries < n_target * 40:
            tries += 1
            m = measures[int(np.searchsorted(cum, rng.random(), side="right"))][0]
            if m == "Entsiegelung":
                pool = land[built]
            elif m == "Gewässerrandstreifen und Ufergehölz":
                pool = land[agri & (self.cell_dtrib[self.p_owner[land]] < 60.0)]
            else:
                pool = land[agri]
            if not len(pool):
                continue
            j = int(pool[rng.integers(len(pool))])
            if j in used:
                continue
            g = self.p_geoms[j]
            if m == "Anlage Streuobstwiese" and self.cell_vil[self.p_owner[j]] < 0:
                if not len(self.v_names) or self.v_tree.query(self.cen[self.p_owner[j]])[0] > 1500:
                    continue
            pt = shapely.get_coordinates(shapely.point_on_surface(g))[0]
            ang = rng.uniform(0, np.pi)
            if m == "Heckenpflanzung":
                L, B = rng.uniform(150, 400), 10.0
            elif m == "Umwandlung Acker in extensives Grünland":
                L = B = math.sqrt(rng.uniform(0.5e4, 3e4))
            elif m == "Anlage Streuobstwiese":
                L = B = math.sqrt(rng.uniform(0.3e4, 1.5e4))
            elif m == "Erstaufforstung":
                L = B = math.sqrt(rng.uniform(1e4, 4e4))
            elif m == "Entsiegelung":
                L = B = math.sqrt(rng.uniform(0.05e4, 0.3e4))
            else:
                L, B = 0, 0
            if m == "Gewässerrandstreifen und Ufergehölz":
                if stree is None:
                    continue
                near = stree.query(g, predicate="dwithin", distance=60.0)
                if not len(near):
                    continue
                band = shapely.buffer(shapely.union_all(segs[near]), 20.0, quad_segs=4)
                geo = shapely.intersection(g, band)
            else:
                ca, sa = math.cos(ang), math.sin(ang)
                rect = np.array([[-L / 2, -B / 2], [L / 2, -B / 2], [L / 2, B / 2], [-L / 2, B / 2]])
                rect = rect @ np.array([[ca, sa], [-sa, ca]]) + pt
                geo = shapely.intersection(g, shapely.Polygon(rect))
            if geo.is_empty or geo.area < 300.0:
                continue
            if htree is not None and len(htree.query(geo, predicate="intersects")):
                continue
            used.add(j)
            ags = self.m_ags[self.p_muni[j]]
            eco = m in ("Umwandlung Acker in extensives Grünland", "Erstaufforstung") and rng.random() < 0.5
            kenn = f"{'OEK' if eco else 'KOM'}-{ags}-{len(out) + 1:04d}"
            out.append((geo, kenn, m))
        mp, keep = to_multipolygons(np.array([o[0] for o in out], dtype=object))
        self.kompensation = (mp, [out[i][1] for i in keep], [out[i][2] for i in keep])

    # ------------------------------------------------------------------ DEM
    def build_dem(self, path, dem_size=None):
        if dem_size:
            nx = ny = int(dem_size)
        else:
            nx = max(10, int(round(self.W / BASE_CELL)))
            ny = max(10, int(round(self.H / BASE_CELL)))
        cx, cy = self.W / nx, self.H / ny
        xs = self.xmin + (np.arange(nx) + 0.5) * cx
        ys = self.ymin + (np.arange(ny) + 0.5) * cy
        d, zM, fp = self.mulde_raster(self.xmin, self.ymin, cx, cy, nx, ny)
        H = self.hills_grid(xs, ys)
        dem = np.empty((ny, nx), np.float32)
        rows = max(1, 2_000_000 // nx)
        for j in range(0, ny, rows):
            X, Y = np.meshgrid(xs, ys[j:j + rows])
            dem[j:j + rows] = self.relief(X, Y, d[j:j + rows].astype(np.float64),
                                          zM[j:j + rows].astype(np.float64),
                                          fp[j:j + rows].astype(np.float64), H[j:j + rows])
        del d, zM, fp, H
        # tributary valleys
        if len(self.rivers) > 1:
            step = 0.5 * min(cx, cy)
            zr = np.full((ny, nx), np.inf, np.float32)
            orr = np.zeros((ny, nx), np.int8)
            for r in self.rivers[1:]:
                p, t = densify(r.coords, step)
                s = cumlen(r.coords)
                z = np.interp(t, s, r.z)
                ci = np.floor((p[:, 0] - self.xmin) / cx).astype(np.int64)
                ri = np.floor((p[:, 1] - self.ymin) / cy).astype(np.int64)
                ok = (ci >= 0) & (ci < nx) & (ri >= 0) & (ri < ny)
                np.minimum.at(zr, (ri[ok], ci[ok]), z[ok].astype(np.float32))
                np.maximum.at(orr, (ri[ok], ci[ok]), np.int8(min(r.order_final, 6)))
            mask = ~np.isfinite(zr)
            dt, (ir, ic) = ndimage.distance_transform_edt(mask, sampling=(cy, cx), return_indices=True)
            zT = zr[ir, ic]
            oT = orr[ir, ic].astype(np.float32)
            del ir, ic, zr, orr, mask
            floor = 8.0 + 12.0 * oT
            slope = 0.07 / np.sqrt(oT)
            dt = dt.astype(np.float32)
            hT = zT + 0.4 * np.minimum(dt, floor) / floor + slope * np.maximum(dt - floor, 0.0)
            np.minimum(dem, hT, out=dem)
            del hT, zT, oT, dt, floor, slope
        sigma = (max(0.6, 40.0 / cy), max(0.6, 40.0 / cx))
        dem = ndimage.gaussian_filter(dem, sigma=sigma).astype(np.float32)
        self.dem_info = (nx, ny, cx, cy, float(dem.min()), float(dem.max()))
        drv = gdal.GetDriverByName("GTiff")
        ds = drv.Create(str(path), nx, ny, 1, gdal.GDT_Float32,
                        options=["TILED=YES", "COMPRESS=DEFLATE", "PREDICTOR=3", "BIGTIFF=IF_SAFER"])
        ds.SetGeoTransform((self.xmin, cx, 0.0, self.ymax, 0.0, -cy))
        srs = osr.SpatialReference()
        srs.ImportFromEPSG(EPSG)
        ds.SetProjection(srs.ExportToWkt())
        band = ds.GetRasterBand(1)
        band.SetNoDataValue(NODATA)
        band.WriteArray(dem[::-1])
        band.FlushCache()
        ds = None
        self.log(f"dem {nx}x{ny} cells {cx:.1f}x{cy:.1f} m, {dem.min():.1f}-{dem.max():.1f} m")


# ----------------------------------------------------------------------------- writing

def _write_layer(ds, name, gtype, fields, geoms, columns):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    lyr = ds.CreateLayer(name, srs, gtype, options=["GEOMETRY_NAME=geom", "FID=fid"])
    for fname, ftype in fields:
        fd = ogr.FieldDefn(fname, ftype)
        lyr.CreateField(fd)
    defn = lyr.GetLayerDefn()
    wkb = shapely.to_wkb(np.asarray(geoms, dtype=object)) if len(geoms) else []
    lyr.StartTransaction()
    for i in range(len(wkb)):
        f = ogr.Feature(defn)
        for k, col in enumerate(columns):
            v = col[i]
            if v is None:
                f.SetFieldNull(k)
            else:
                f.SetField(k, v)
        f.SetGeometryDirectly(ogr.CreateGeometryFromWkb(wkb[i]))
        lyr.CreateFeature(f)
    lyr.CommitTransaction()
    return len(wkb)


def generate(out_dir, seed=42, scale=1.0, parcels=None, dem_size=None, patches=None,
             river_segments=None, verbose=False):
    """Build the demo region into out_dir; returns {layer: feature count, "gpkg": path,
    "dem": path}."""
    if scale <= 0:
        raise ValueError("scale must be > 0")
    # GDAL/OGR exceptions only while we run (the caller may be QGIS, which expects the default)
    previous = [(m, m.GetUseExceptions()) for m in (gdal, ogr, osr)]
    for m, _ in previous:
        m.UseExceptions()
    try:
        return _generate(out_dir, seed, scale, parcels, dem_size, patches, river_segments, verbose)
    finally:
        for m, was in reversed(previous):    # GDAL keeps a stack of handlers: undo in reverse
            if not was:
                m.DontUseExceptions()


def _generate(out_dir, seed, scale, parcels, dem_size, patches, river_segments, verbose):
    out_dir = os.fspath(out_dir)
    os.makedirs(out_dir, exist_ok=True)
    S = float(scale)
    n_parcels = int(parcels) if parcels else max(50, int(round(BASE_PARCELS * S)))
    n_segments = int(river_segments) if river_segments else max(5, int(round(BASE_SEGMENTS * S)))
    n_patches = int(patches) if patches else max(2, int(round(BASE_PATCHES * S)))
    w = World(seed, S, verbose)
    w.build_mulde()
    w.build_trace_fields()
    L_total = RIVER_DENSITY_M_PER_KM2 * w.area_km2 * 1.0
    L_mulde = float(cumlen(w.mulde_in)[-1])
    target = max(L_total - L_mulde, 0.3 * L_total)
    w.build_network(target)
    w.build_villages()
    w.finish_network()
    w.name_rivers()
    w.segment_rivers(n_segments)
    w.build_roads()
    w.build_hq100()
    w.build_blobs(n_patches)
    w.build_parcels(n_parcels)
    w.build_gemeinden()
    w.build_ortslagen()
    w.build_habitats(n_patches)
    w.build_wsg()
    w.build_schutzgebiete()
    w.build_kompensation()

    gpkg = os.path.join(out_dir, GPKG_NAME)
    dem = os.path.join(out_dir, DEM_NAME)
    for p in (gpkg, gpkg + "-wal", gpkg + "-shm", gpkg + "-journal"):
        if os.path.exists(p):
            os.remove(p)
    w.build_dem(dem, dem_size)

    S_, I_, R_ = ogr.OFTString, ogr.OFTInteger, ogr.OFTReal
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(gpkg)
    counts = {}
    mp, ags, names = w.gem
    counts["gemeinden"] = _write_layer(ds, "gemeinden", ogr.wkbMultiPolygon, [("ags", S_), ("name", S_)],
                                       mp, [ags, names])
    counts["gewaesser"] = _write_layer(
        ds, "gewaesser", ogr.wkbLineString,
        [("gew_id", I_), ("name", S_), ("breite_klasse", I_), ("breite_m", R_), ("ordnung", I_)],
        snap_mm(w.seg_geoms), [[int(v) for v in w.seg_gid], w.seg_name, [int(v) for v in w.seg_class],
                      [float(v) for v in w.seg_w], [int(v) for v in w.seg_order]])
    counts["flurstuecke"] = _write_layer(
        ds, "flurstuecke", ogr.wkbMultiPolygon,
        [("flstkennz", S_), ("nutzung", S_), ("bodenzahl", I_), ("gemeinde", S_)],
        shapely.multipolygons(w.p_geoms, indices=np.arange(len(w.p_geoms))),
        [w.p_kennz, [str(v) for v in w.p_lu], [int(v) if v >= 0 else None for v in w.p_bz],
         [w.m_names[m] for m in w.p_muni]])
    mp, names = w.ortslagen
    counts["ortslagen"] = _write_layer(ds, "ortslagen", ogr.wkbMultiPolygon, [("name", S_)], mp, [names])
    vmp, vkeep = to_multipolygons(w.road_polys)
    counts["verkehr"] = _write_layer(ds, "verkehr", ogr.wkbMultiPolygon, [("name", S_), ("art", S_)], vmp,
                                     [[w.road_names[i] for i in vkeep], [w.road_arts[i] for i in vkeep]])
    zmp, zkeep = to_multipolygons(np.array([z[0] for z in w.wsg], dtype=object))
    counts["wasserschutzgebiete"] = _write_layer(
        ds, "wasserschutzgebiete", ogr.wkbMultiPolygon, [("zone", S_), ("name", S_)], zmp,
        [[w.wsg[i][1] for i in zkeep], [w.wsg[i][2] for i in zkeep]])
    hmp, _ = to_multipolygons(np.array([w.hq100], dtype=object))
    counts["ueberschwemmungsgebiet"] = _write_layer(
        ds, "ueberschwemmungsgebiet", ogr.wkbMultiPolygon, [("name", S_), ("hq", S_)], hmp,
        [["ÜSG Vereinigte Mulde"] * len(hmp), ["HQ100"] * len(hmp)])
    mp, typ, names = w.schutz
    counts["schutzgebiete"] = _write_layer(ds, "schutzgebiete", ogr.wkbMultiPolygon,
                                           [("typ", S_), ("name", S_)], mp, [typ, names])
    mp, kenn, mass = w.kompensation
    counts["kompensationsflaechen"] = _write_layer(
        ds, "kompensationsflaechen", ogr.wkbMultiPolygon, [("kennung", S_), ("massnahme", S_)], mp,
        [kenn, mass])
    mp, pid, typ, names = w.habitate
    counts["habitate"] = _write_layer(ds, "habitate", ogr.wkbMultiPolygon,
                                      [("patch_id", I_), ("typ", S_), ("name", S_)], mp, [pid, typ, names])
    ds = None
    w.log("written")
    result = dict(counts)
    result["gpkg"] = gpkg
    result["dem"] = dem
    result["dem_size"] = (w.dem_info[0], w.dem_info[1])
    result["seconds"] = round(time.perf_counter() - w.t0, 2)
    return result


def main(argv=None):
    ap = argparse.ArgumentParser(description="Generate the deterministic WERTvoll demo region "
                                             "(Wurzener Land, EPSG:25833).")
    ap.add_argument("--out", required=True, help="output folder")
    ap.add_argument("--seed", type=int, default=42)
    ap.add_argument("--scale", type=float, default=1.0, help="area factor (sides x sqrt(scale))")
    ap.add_argument("--parcels", type=int, default=None, help="number of parcels (about)")
    ap.add_argument("--dem-size", type=int, default=None, help="DEM of N x N cells over the region")
    ap.add_argument("--patches", type=int, default=None, help="number of habitat patches")
    ap.add_argument("--river-segments", type=int, default=None, help="number of river segments")
    ap.add_argument("-v", "--verbose", action="store_true", help="timings on stderr")
    a = ap.parse_args(argv)
    res = generate(a.out, seed=a.seed, scale=a.scale, parcels=a.parcels, dem_size=a.dem_size,
                   patches=a.patches, river_segments=a.river_segments, verbose=a.verbose)
    for k, v in res.items():
        if k in ("gpkg", "dem", "dem_size", "seconds"):
            continue
        print(f"{k:<24}{v:>9} features")
    nx, ny = res["dem_size"]
    print(f"{'demo_dem.tif':<24}{nx:>5} x {ny} cells")
    print(f"written to {res['gpkg']} and {res['dem']} in {res['seconds']:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
