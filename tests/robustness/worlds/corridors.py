"""The world of wertvoll:biotopecorridors (see :class:`CorridorWorld`) and its own least-cost search."""
import math

import numpy as np
from shapely.geometry import box

from ..matrix_inputs import CRS, RasterSpec, VectorSpec
from ..matrix_outputs import approx, features
from .base import NotApplicable, World


def least_cost(values, x0, y0, dx, dy, shapes_a, shapes_b):
    """Least cost between the cells touched by *shapes_a* and by *shapes_b* (own Dijkstra).

    The rule of the help text, implemented here independently of the kernel: 8 neighbours, a
    step costs its length in metres × the mean resistance of its two cells; NaN and ≤ 0 cells
    are impassable; cells of a patch cost nothing to start from. None when unreachable.
    """
    import heapq

    rows, cols = values.shape

    def cells(shapes):
        out = set()
        for shape in shapes:
            for r in range(rows):
                for c in range(cols):
                    cell = box(x0 + c * dx, y0 - (r + 1) * dy, x0 + (c + 1) * dx, y0 - r * dy)
                    if shape.intersection(cell).area > 0:
                        out.add((r, c))
        return {rc for rc in out if np.isfinite(values[rc]) and values[rc] > 0}

    start, goal = cells(shapes_a), cells(shapes_b)
    best = {rc: 0.0 for rc in start}
    heap = [(0.0, rc) for rc in start]
    while heap:
        cost, (r, c) = heapq.heappop(heap)
        if cost > best.get((r, c), math.inf):
            continue
        if (r, c) in goal:
            return cost
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                rr, cc = r + dr, c + dc
                if (dr, dc) == (0, 0) or not (0 <= rr < rows and 0 <= cc < cols):
                    continue
                v = values[rr, cc]
                if not np.isfinite(v) or v <= 0:
                    continue
                step = math.hypot(dr * dy, dc * dx) * (values[r, c] + v) / 2
                if cost + step < best.get((rr, cc), math.inf):
                    best[(rr, cc)] = cost + step
                    heapq.heappush(heap, (cost + step, (rr, cc)))
    return None




class CorridorWorld(World):
    """wertvoll:biotopecorridors with a RESISTANCE raster.

    11 × 11 cells of 10 m, upper-left corner at (0, 110) from the origin; resistance 1, column 5
    a wall of 100 except a channel at row 9. Patches A and B: 4 × 4 m squares in cells (5, 1)
    and (5, 9). By hand: the least-cost path runs 4 diagonal steps down to the channel and 4
    up: cost 8 × 10·√2 = 113.14. The expected cost of changed rasters comes from the
    independent Dijkstra :func:`least_cost`.
    """

    ALG = "biotopecorridors"
    SINKS = ("OUTPUT_LINKS", "OUTPUT_CORRIDORS", "OUTPUT_PATCHES", "OUTPUT_GAPS")
    PRIMARY = "PATCHES"
    POLYGON = ("PATCHES", 1)
    RASTER = "RESISTANCE"
    FIELDS = {
        "OUTPUT_LINKS": ["from_id", "to_id", "cost", "length_m", "euclid_m", "cost_per_length",
                         "mean_resistance", "max_resistance", "gap_m", "prob"],
        "OUTPUT_CORRIDORS": ["from_id", "to_id", "area_m2"],
        "OUTPUT_PATCHES": ["patch_id", "area_m2", "degree", "component", "dPC", "dPCintra", "dPCflux",
                           "dPCconnector"],
        "OUTPUT_GAPS": ["from_id", "to_id", "length_m"],
    }

    def setup(self):
        values = np.ones((11, 11))
        values[:, 5] = 100.0
        values[9, 5] = 1.0
        ox, oy = self.xy(0, 110)
        self.rasters["RESISTANCE"] = RasterSpec(values, ox, oy, 10.0, 10.0)
        self.patches = [self.dot(5, 1), self.dot(5, 9)]
        self.vectors["PATCHES"] = VectorSpec("Polygon", ["pid:integer"], [
            (self.patches[0].wkt, {"pid": 1}), (self.patches[1].wkt, {"pid": 2})], name="patches")
        self.params = {"PATCH_ID_FIELD": "pid", "MIN_PATCH_AREA": 0.0}
        self.outputs["OUTPUT_CORRIDOR_RASTER"] = str(self.out_dir / "corridor.tif")
        self.ids = (1, 2)
        self.grid = None  # (values, x0, y0, dx, dy) of the resistance for the check; None: the raster

    def dot(self, row, col, half=2.0):
        x, y = self.xy((col + 0.5) * 10, 110 - (row + 0.5) * 10)
        return box(x - half, y - half, x + half, y + half)

    def set_target_shape(self, kind, shape):
        self.patches[1] = shape

    def skip_target(self, kind):
        return "error"  # patch B skipped: one patch, no link

    def check(self, outcome):
        super().check(outcome)
        if self.grid is None:
            spec = self.rasters["RESISTANCE"]
            grid = (np.asarray(spec.values, dtype=float), spec.x0, spec.y0, spec.dx, spec.dy)
        else:
            grid = self.grid
        cost = least_cost(*grid, [self.patches[0]], [self.patches[1]])
        links = features(outcome, "OUTPUT_LINKS")
        assert outcome.result["LINKS"] == len(links) == 1
        assert links[0]["cost"] == approx(cost, rel=1e-9)
        assert {links[0]["from_id"], links[0]["to_id"]} == set(self.ids)
        patches = {f["patch_id"]: f for f in features(outcome, "OUTPUT_PATCHES")}
        assert sorted(patches, key=str) == sorted(self.ids, key=str)
        for pid, shape in zip(self.ids, self.patches):  # the patch area is the polygon's, not its cells'
            assert patches[pid]["area_m2"] == approx(shape.area, rel=1e-3), pid
        assert outcome.result["COMPONENTS"] == 1
        assert len(features(outcome, "OUTPUT_CORRIDORS")) == 1

    def more_inputs(self):
        """The resistance from LANDUSE polygons (the raster's layout), so there are two vector inputs."""
        self.use_landuse(self.channel_landuse())
        self.vectors = {"PATCHES": self.vectors["PATCHES"], "LANDUSE": self.vectors["LANDUSE"]}
        self.grid = self.landuse_grid()

    def crs_case(self, case):
        expect = super().crs_case(case)
        if case == "each_different":  # the analysis runs in the CRS of LANDUSE: keep it on the grid
            self.vectors["LANDUSE"].crs = CRS
        return expect

    def use_landuse(self, rows, fields=("widerstand:double",), field_name="widerstand"):
        """Resistance from LANDUSE polygons at CELL_SIZE 10 instead of the raster."""
        self.rasters["RESISTANCE"] = None
        self.vectors["LANDUSE"] = VectorSpec("Polygon", list(fields), rows, name="landuse")
        self.params.update(RESISTANCE_FIELD=field_name, CELL_SIZE=10.0)

    def channel_landuse(self, field_name="widerstand", open_value=1.0, wall_value=100.0):
        """The raster's layout as polygons: ground, then the wall in two parts around the channel."""
        return [(self.rect(0, 0, 110, 110), {field_name: open_value}),
                (self.rect(50, 20, 60, 110), {field_name: wall_value}),
                (self.rect(50, 0, 60, 10), {field_name: wall_value})]

    def landuse_grid(self, open_value=1.0, wall_value=100.0, default=50.0, block=None):
        values = np.full((11, 11), open_value, dtype=float)
        values[:, 5] = wall_value
        values[9, 5] = open_value
        if block is not None:
            values[block] = default
        ox, oy = self.xy(0, 110)
        return (values, ox, oy, 10.0, 10.0)

    def attribute_case(self, case):
        if case == "missing_field":
            self.params["PATCH_ID_FIELD"] = "gibt_es_nicht"
            return "error"
        if case == "wrong_type":  # resistance numbers stored as text: codes missing from the table
            self.use_landuse(self.channel_landuse("widerstand", "1", "100"), ("widerstand:string",))
            self.grid = self.landuse_grid(50.0, 50.0)  # every code unknown: DEFAULT_RESISTANCE 50
            self.expect_warnings.append("not in the resistance table get the default resistance 50: 100 (2), 1 (1)")
            return None
        if case == "null_values":  # the wall without resistance: DEFAULT_RESISTANCE 50
            self.use_landuse(self.channel_landuse("widerstand", 1.0, None))
            self.grid = self.landuse_grid(1.0, 50.0)
            self.expect_warnings.append("2 land-use features have no resistance (NULL)")
            return None
        if case == "umlauts":
            spec = self.vectors["PATCHES"]
            spec.fields = ["Kernfläche_ß:string"]
            self.ids = ("Auwald Süd", "Großer Teich")
            spec.rows = [(w, {"Kernfläche_ß": i}) for (w, _), i in zip(spec.rows, self.ids)]
            self.params["PATCH_ID_FIELD"] = "Kernfläche_ß"
            return None
        if case == "missing_codes":  # own table; one block with a code missing from it: default 50
            table = self.folder / "widerstand.csv"
            table.write_text("code;label;resistance\nwald;Wald;1\nacker;Acker (groß);100\n", encoding="utf-8")
            rows = self.channel_landuse("nutzung", "wald", "acker")
            rows.append((self.rect(0, 90, 20, 110), {"nutzung": "Grünland_süß"}))
            self.use_landuse(rows, ("nutzung:string",), "nutzung")
            self.params["RESISTANCE_TABLE"] = str(table)
            self.grid = self.landuse_grid(block=(slice(0, 2), slice(0, 2)))
            self.expect_warnings.append("default resistance 50: Grünland_süß (1)")
            return None
        if case == "negative_nan":
            rows = self.channel_landuse()
            rows[1][1]["widerstand"] = -5.0
            rows[2][1]["widerstand"] = float("nan")
            self.use_landuse(rows)
            return "error"
        raise NotApplicable(case)

    def raster_case(self, case):
        spec = self.rasters["RESISTANCE"]
        if case == "all_nodata":
            spec.values = np.full_like(spec.values, np.nan)
            return "error"
        if case == "nodata_holes":  # a hole on the least-cost path: the path goes round it
            spec.values[7, 3] = np.nan
            return None
        if case == "one_cell":  # one cell holding both patches: no link to find
            spec.values = np.array([[1.0]])
            spec.dx = spec.dy = 110.0
            return "error"
        if case == "non_square":  # 10 m × 5 m cells, every row doubled
            spec.values = np.repeat(spec.values, 2, axis=0)
            spec.dy = 5.0
            return None
        if case == "no_overlap":
            spec.x0 += 10000.0
            return "error"
        raise NotApplicable(case)
