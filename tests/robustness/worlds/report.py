"""The world of wertvoll:report (see :class:`ReportWorld`)."""
import json
from pathlib import Path

from layers import table_rows
from test_report import german_number, value

from ..matrix_inputs import VectorSpec
from .base import NotApplicable, World


class ReportWorld(World):
    """wertvoll:report, template kompensation, from a screening-like candidate layer.

    Three candidates (metres from the origin, 100 m squares): uplift 80,000 (selected),
    70,000 (selected) and 25,000 points; by hand: 3 candidates, 175,000 points, 150,000
    selected. Maps only where the geometry matters (geometry and CRS cases): they are slow.
    """

    ALG = "report"
    FILES = ("OUTPUT_HTML", "OUTPUT_DOCX")
    PRIMARY = "COMPENSATION"
    POLYGON = ("COMPENSATION", 0)
    FIELD_SPEC = ["municipality:string", "area_m2:double", "uplift_pts:double", "score:double", "rank:integer",
                  "selected:boolean", "share_water:double", "share_flood:double", "share_riparian:double",
                  "share_corridor:double", "landuse_label:string", "measure:string", "notes:string"]

    def setup(self):
        rows = []
        for i, (muni, uplift, selected) in enumerate((("Wurzen", 80000.0, True), ("Wurzen", 70000.0, True),
                                                      ("Bennewitz", 25000.0, False))):
            rows.append((self.rect(i * 200, 0, i * 200 + 100, 100), {
                "municipality": muni, "area_m2": 10000.0, "uplift_pts": uplift, "score": 1.0 - i / 10,
                "rank": i + 1, "selected": selected, "share_water": 0.0, "share_flood": 0.0,
                "share_riparian": 0.0, "share_corridor": 0.0, "landuse_label": "Acker",
                "measure": "Grünland", "notes": ""}))
        self.vectors["COMPENSATION"] = VectorSpec("Polygon", list(self.FIELD_SPEC), rows, name="kandidaten")
        self.params = {"TEMPLATE": "kompensation", "FIELDS": json.dumps({"author": "Test"}), "MAPS": False}
        self.expected = {"count": 3, "uplift": 175000.0, "selected": 150000.0}
        self.texts = []

    def set_target_shape(self, kind, shape):
        self.params["MAPS"] = True

    def crs_case(self, case):
        self.params["MAPS"] = True
        super().crs_case(case)
        return None  # the report reads attributes; a layer without CRS is drawn as it is

    def more_inputs(self):
        """Template gewaesser with three spatial slots: strips 0.8 ha, corridors, zones 3 ha."""
        self.vectors = {
            "STRIPS": VectorSpec("Polygon", ["zone:string", "band_from_m:double", "band_to_m:double", "rule:string",
                                             "area_m2:double"], [
                (self.rect(0, 0, 10, 500), {"zone": "outside", "band_from_m": 0, "band_to_m": 5, "rule": "r",
                                            "area_m2": 5000.0}),
                (self.rect(10, 0, 20, 300), {"zone": "outside", "band_from_m": 5, "band_to_m": 10, "rule": "r",
                                             "area_m2": 3000.0})], name="streifen"),
            "CORRIDORS_RIVER": VectorSpec("Polygon", ["corridor_width_m:double", "area_m2:double"], [
                (self.rect(0, 0, 35, 200), {"corridor_width_m": 35.0, "area_m2": 7000.0})], name="korridore"),
            "FLOOD_ZONES": VectorSpec("Polygon", ["zone:integer", "threshold_m:double", "label:string",
                                                  "area_m2:double"], [
                (self.rect(0, 0, 100, 100), {"zone": 1, "threshold_m": 1.0, "label": "bis 1 m", "area_m2": 10000.0}),
                (self.rect(100, 0, 300, 100), {"zone": 2, "threshold_m": 2.0, "label": "1-2 m",
                                                "area_m2": 20000.0})], name="zonen"),
        }
        self.params["TEMPLATE"] = "gewaesser"
        self.expected = {"strips_ha": 0.8, "zones_ha": 3.0}

    def skip_target(self, kind):
        """The report reads attribute rows, whatever the geometry: every candidate counts."""
        self.params["MAPS"] = True
        return None

    def abort_target(self, kind):
        return self.skip_target(kind)

    def add_shape(self, kind, shape, attributes):
        """The report reads attributes: a feature without geometry still counts."""
        self.expected["count"] += 1
        self.expected["uplift"] += attributes["uplift_pts"]
        self.expected["selected"] += attributes["uplift_pts"] if attributes["selected"] else 0.0

    def check(self, outcome):
        html = Path(outcome.result["OUTPUT_HTML"])
        word = Path(outcome.result["OUTPUT_DOCX"])
        assert html.is_file() and word.is_file()
        text = html.read_text(encoding="utf-8")
        rows = table_rows(text)
        if self.params["TEMPLATE"] == "gewaesser":
            assert not outcome.warnings, outcome.warnings  # the strips' text zone is no number to warn about
            assert german_number(value(rows, "Gewässerrandstreifen (ha)")) == self.expected["strips_ha"]
            assert german_number(value(rows, "Aus dem Gelände geschätzte Zonen (ha)")) == self.expected["zones_ha"]
            assert "data:image/png;base64," in text
            return
        assert german_number(value(rows, "Kandidatenflächen")) == self.expected["count"]
        assert german_number(value(rows, "Aufwertung (Wertpunkte)")) == self.expected["uplift"]
        assert german_number(value(rows, "Ausgewählt (Wertpunkte)")) == self.expected["selected"]
        if self.params.get("MAPS"):
            assert "data:image/png;base64," in text
        for fragment in self.texts:
            assert fragment in text

    def attribute_case(self, case):
        spec = self.vectors["COMPENSATION"]
        if case == "missing_field":
            spec.fields = [f for f in spec.fields if not f.startswith("uplift_pts")]
            spec.rows = [(w, {k: v for k, v in a.items() if k != "uplift_pts"}) for w, a in spec.rows]
            return "error"
        if case == "wrong_type":  # uplift as text: numbers in text count, other text counts 0
            spec.fields = [f.replace("uplift_pts:double", "uplift_pts:string") for f in spec.fields]
            for (_, a), v in zip(spec.rows, ("80000", "viel", "25000")):
                a["uplift_pts"] = v
            self.expected.update(uplift=105000.0, selected=80000.0)
            self.expect_warnings.append("holds text that is not a number in uplift_pts (1×)")
            return None
        if case == "null_values":
            spec.rows[1][1].update(uplift_pts=None, municipality=None, selected=None)
            self.expected.update(uplift=105000.0, selected=80000.0)
            return None
        if case == "umlauts":
            spec.fields = spec.fields + ["Bemerkung_ä:string"]
            spec.rows[0][1].update({"municipality": "Großpösna", "measure": "Grünland süß",
                                    "Bemerkung_ä": "Straße"})
            self.texts = ["Großpösna", "Grünland süß"]
            return None
        if case == "missing_codes":  # a choice value the template does not list
            self.params["FIELDS"] = json.dumps({"author": "Test", "status": "gibt_es_nicht"})
            return "error"
        if case == "negative_nan":
            spec.rows[1][1]["uplift_pts"] = float("nan")
            spec.rows[2][1]["uplift_pts"] = -5000.0
            self.expected.update(uplift=75000.0, selected=80000.0)
            return None
        raise NotApplicable(case)
