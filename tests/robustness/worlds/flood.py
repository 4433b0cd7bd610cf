"""The world of wertvoll:floodriskzones (see :class:`FloodWorld`)."""
import json

import numpy as np
import pytest
import shapely
from shapely.geometry import box

from ..matrix_inputs import RasterSpec, VectorSpec
from ..matrix_outputs import approx, features
from .base import NotApplicable, World


class FloodWorld(World):
    """wertvoll:floodriskzones.

    DEM: 61 × 30 cells of 1 m, upper-left corner at (0, 30) from the origin; the river runs
    down the centre of column 30 (x = 30.5) from north to south. Height = 100 + 0.13·d for a
    cell d columns from the river. Thresholds 1,2,3: zone 1 = d ≤ 7 (1/0.13 = 7.7): 15 × 30 =
    450 m²; zone 2 = d 8..15: 16 × 30 = 480 m²; zone 3 = d 16..23: 480 m².
    Official zone (FLOODPLAIN) (10,5)-(50,25): zone 0 = 800 m².
    Exposure: E1 'Acker' (23,0)-(38,10), all in zone 1 (150 m²); E2 'Wald' (38,0)-(46,10), all
    in zone 2 (80 m²); in zone 0: E1 ∩ official = 15 × 5 = 75 m², E2 ∩ official = 8 × 5 = 40 m²
    (worked out with shapely for changed official zones).
    """

    ALG = "floodriskzones"
    SINKS = ("OUTPUT_ZONES", "OUTPUT_EXPOSURE")
    FILES = ()
    PRIMARY = "RIVERS"
    LINE = ("RIVERS", 0)
    POLYGON = ("FLOODPLAIN", 0)
    RASTER = "DEM"
    FIELDS = {"OUTPUT_ZONES": ["zone", "threshold_m", "label", "area_m2", "outside_official_m2", "flagged_m2",
                               "note"],
              "OUTPUT_EXPOSURE": ["zone", "class", "area_m2", "count"]}

    def setup(self):
        a, b = self.xy(30.5, 29.5), self.xy(30.5, 0.5)
        self.vectors["RIVERS"] = VectorSpec("LineString", ["name:string"], [
            (f"LINESTRING({a[0]} {a[1]},{b[0]} {b[1]})", {"name": "Parthe"})], name="rivers")
        self.vectors["FLOODPLAIN"] = VectorSpec("Polygon", ["name:string"], [
            (self.rect(10, 5, 50, 25), {"name": "HQ100"})], name="official")
        self.vectors["EXPOSURE"] = VectorSpec("Polygon", ["klasse:string"], [
            (self.rect(23, 0, 38, 10), {"klasse": "Acker"}), (self.rect(38, 0, 46, 10), {"klasse": "Wald"})],
            name="exposure")
        d = np.abs(np.arange(61) - 30).astype(float)
        ox, oy = self.xy(0, 30)
        self.rasters["DEM"] = RasterSpec(np.repeat((100.0 + 0.13 * d)[None, :], 30, axis=0), ox, oy, 1.0, 1.0)
        # the fit to the official zone (zone 100) has its own tests (tests/kernels/test_flood_calibration.py)
        self.params = {"THRESHOLDS": "1,2,3", "MAX_DISTANCE": 1000.0, "EXPOSURE_FIELD": "klasse", "CALIBRATE": False}
        self.outputs["OUTPUT_HEIGHT"] = str(self.out_dir / "height.tif")
        self.zones = {1: 450.0, 2: 480.0, 3: 480.0}
        self.official = [shapely.from_wkt(self.rect(10, 5, 50, 25))]
        self.exposure = [("Acker", shapely.from_wkt(self.rect(23, 0, 38, 10)), 1),
                         ("Wald", shapely.from_wkt(self.rect(38, 0, 46, 10)), 2)]
        self.rel = 1e-9

    def loosen(self):
        self.rel = max(self.rel, 1e-6)

    def set_target_shape(self, kind, shape):
        if kind == "polygon":
            self.official[0] = shape
            if shape is not None and not shape.equals(box(*shape.bounds)):
                self.rel = 1e-3

    def add_shape(self, kind, shape, attributes):
        if kind == "polygon" and shape is not None:
            self.official.append(shape)

    def expect_no_features(self, kind):
        if kind == "polygon":  # FLOODPLAIN is optional: no zone 0
            self.official = []
            return None
        return "error"

    def check(self, outcome):
        super().check(outcome)
        zones = {f["zone"]: f for f in features(outcome, "OUTPUT_ZONES")}
        expected = dict(self.zones)
        official = [s for s in self.official if s is not None and not s.is_empty]
        if official:
            expected[0] = shapely.union_all(official).area
        expected = {k: v for k, v in expected.items() if v > 0}
        assert sorted(zones) == sorted(expected)
        for zone, area in expected.items():
            assert zones[zone]["area_m2"] == approx(area, rel=self.rel), zone
        areas = {str(k): self.zones.get(k, 0.0) for k in (1, 2, 3)}
        if self.vectors.get("FLOODPLAIN") is not None:
            areas["0"] = expected.get(0, 0.0)
        assert json.loads(outcome.result["ZONE_AREAS"]) == pytest.approx(areas, rel=self.rel, abs=0.01)
        if self.exposure is not None and self.zones == {1: 450.0, 2: 480.0, 3: 480.0}:
            table = {(f["zone"], f["class"]): f for f in features(outcome, "OUTPUT_EXPOSURE")}
            for cls, shape, zone in self.exposure:
                assert table[(zone, cls)]["area_m2"] == approx(shape.area, rel=self.rel)
                assert table[(zone, cls)]["count"] == 1
                if official:
                    inside = shape.intersection(shapely.union_all(official)).area
                    if inside > 0:
                        assert table[(0, cls)]["area_m2"] == approx(inside, rel=self.rel)

    def attribute_case(self, case):
        spec = self.vectors["EXPOSURE"]
        if case == "missing_field":
            self.params["EXPOSURE_FIELD"] = "gibt_es_nicht"
            return "error"
        if case == "wrong_type":  # a number field as the class: the numbers become the classes
            spec.fields = ["klasse:double"]
            spec.rows = [(w, {"klasse": v}) for (w, _), v in zip(spec.rows, (1.5, 2.0))]
            self.exposure = [("1.5", self.exposure[0][1], 1), ("2.0", self.exposure[1][1], 2)]
            return None
        if case == "null_values":  # no class: the empty class
            spec.rows[0][1]["klasse"] = None
            self.exposure[0] = ("", self.exposure[0][1], 1)
            return None
        if case == "umlauts":
            spec.fields = ["Nutzungsklasse_ß:string"]
            spec.rows = [(w, {"Nutzungsklasse_ß": v}) for (w, _), v in zip(spec.rows, ("Grünland süß", "Wald (Größe)"))]
            self.params["EXPOSURE_FIELD"] = "Nutzungsklasse_ß"
            self.exposure = [("Grünland süß", self.exposure[0][1], 1), ("Wald (Größe)", self.exposure[1][1], 2)]
            return None
        if case == "negative_nan":  # class values -5 and NaN
            spec.fields = ["klasse:double"]
            spec.rows = [(w, {"klasse": v}) for (w, _), v in zip(spec.rows, (-5.0, float("nan")))]
            self.exposure = [("-5.0", self.exposure[0][1], 1), ("", self.exposure[1][1], 2)]
            return None
        raise NotApplicable(case)

    def raster_case(self, case):
        dem = self.rasters["DEM"]
        if case == "all_nodata":
            dem.values = np.full_like(dem.values, np.nan)
            return "error"
        if case == "nodata_holes":  # 3 × 3 cells d = 10..12 (zone 2) are nodata: zone 2 loses 9 m²
            dem.values[10:13, 40:43] = np.nan
            self.zones[2] = 471.0
            self.exposure = None
            return None
        if case == "one_cell":  # one 30 m cell holding the river: all of it is zone 1
            ox, oy = self.xy(15, 30)
            self.rasters["DEM"] = RasterSpec(np.array([[100.0]]), ox, oy, 30.0, 30.0)
            self.zones = {1: 900.0}
            self.exposure = None
            return None
        if case == "non_square":  # 1 m × 2 m cells: the same zones
            dem.values = dem.values[::2, :].copy()
            dem.dy = 2.0
            return None
        if case == "no_overlap":
            dem.x0 += 10000.0
            return "error"
        raise NotApplicable(case)
