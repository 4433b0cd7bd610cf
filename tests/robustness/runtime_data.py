"""Inputs shared by the runtime robustness tests (cancellation, threads, PostGIS): issue #9.

One synthetic demo region (scripts/make_demo_region.py) per size, built once per test
session into a temporary folder and removed at exit, and the parameters that run each
WERTvoll algorithm on it. The runtime tests import what they need from here (the matrix tests
have their own modules: see conftest.py).
"""
import atexit
import shutil
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: the four analysis algorithms (the report runs on their results)
ALGORITHMS = ("compensationscreening", "riparianstrips", "floodriskzones", "biotopecorridors")

_REGIONS = {}
_REFERENCES = {}


def session_folder(prefix):
    """A new temporary folder, removed when the test session ends."""
    folder = Path(tempfile.mkdtemp(prefix=f"wertvoll-{prefix}-"))
    atexit.register(shutil.rmtree, folder, True)
    return folder


def demo_region(scale=3.0, seed=42):
    """``(gpkg path, dem path)`` of the demo region at *scale*, generated once per session.

    Scale 3 (about 12,000 parcels, 750 river segments, 60 habitat patches, DEM 693 × 520)
    takes about 3 s to build and makes every algorithm run for one to three seconds.
    """
    key = (scale, seed)
    if key not in _REGIONS:
        from make_demo_region import generate  # scripts/ (pyproject.toml: pythonpath)

        folder = session_folder(f"region-{scale:g}")
        result = generate(folder, seed=seed, scale=scale)
        _REGIONS[key] = (str(result["gpkg"]), str(result["dem"]))
    return _REGIONS[key]


def layer(gpkg, name):
    """Processing source string of layer *name* in the GeoPackage *gpkg*."""
    return f"{gpkg}|layername={name}"


def inputs(algorithm, gpkg, dem):
    """The input parameters (no outputs) that run *algorithm* on the demo region."""
    region = {name: layer(gpkg, name) for name in (
        "flurstuecke", "ortslagen", "verkehr", "wasserschutzgebiete", "ueberschwemmungsgebiet",
        "gemeinden", "gewaesser", "habitate")}
    if algorithm == "compensationscreening":
        return {"INPUT": region["flurstuecke"], "LANDUSE_FIELD": "nutzung", "SOIL_FIELD": "bodenzahl",
                "EXCLUSIONS": [region["ortslagen"], region["verkehr"]],
                "WATER_PROTECTION": region["wasserschutzgebiete"],
                "FLOODPLAIN": region["ueberschwemmungsgebiet"], "MUNICIPALITIES": region["gemeinden"],
                "MUNICIPALITY_FIELD": "name", "DEMAND": 500000}
    if algorithm == "riparianstrips":
        return {"INPUT": region["gewaesser"], "CHANNEL_WIDTH_FIELD": "breite_m", "BUILTUP": region["ortslagen"],
                "DEM": dem, "LANDUSE": region["flurstuecke"], "LANDUSE_FIELD": "nutzung"}
    if algorithm == "floodriskzones":
        return {"RIVERS": region["gewaesser"], "DEM": dem, "FLOODPLAIN": region["ueberschwemmungsgebiet"],
                "EXPOSURE": region["flurstuecke"], "EXPOSURE_FIELD": "nutzung"}
    if algorithm == "biotopecorridors":
        return {"PATCHES": region["habitate"], "LANDUSE": region["flurstuecke"], "RESISTANCE_FIELD": "nutzung",
                "CELL_SIZE": 50}
    raise KeyError(algorithm)


def destination_parameters(algorithm_id):
    """``[(name, kind)]`` of the destination parameters of *algorithm_id*; kind 'sink', 'raster' or 'file'."""
    from qgis.core import (
        QgsApplication,
        QgsProcessingParameterFeatureSink,
        QgsProcessingParameterRasterDestination,
    )

    algorithm = QgsApplication.processingRegistry().algorithmById(algorithm_id)
    out = []
    for definition in algorithm.destinationParameterDefinitions():
        if isinstance(definition, QgsProcessingParameterFeatureSink):
            kind = "sink"
        elif isinstance(definition, QgsProcessingParameterRasterDestination):
            kind = "raster"
        else:
            kind = "file"
        out.append((definition.name(), kind))
    return out


def file_outputs(algorithm_id, folder, vector_ext="gpkg"):
    """Every destination parameter of *algorithm_id* as a file in *folder* (.gpkg/.tif/.html/.docx)."""
    out = {}
    for name, kind in destination_parameters(algorithm_id):
        if kind == "sink":
            out[name] = str(Path(folder) / f"{name.lower()}.{vector_ext}")
        elif kind == "raster":
            out[name] = str(Path(folder) / f"{name.lower()}.tif")
        else:
            ext = "docx" if "DOCX" in name else "html"
            out[name] = str(Path(folder) / f"{name.lower()}.{ext}")
    return out


def vector_rows(layer, fields=None):
    """``[(attributes dict, area, wkb type)]`` of *layer*, sorted, for comparing two outputs."""
    names = fields or [f.name() for f in layer.fields() if f.name().lower() not in ("fid", "id", "ogc_fid")]
    rows = []
    for feature in layer.getFeatures():
        geometry = feature.geometry()
        area = geometry.area() if geometry is not None and not geometry.isNull() else None
        length = geometry.length() if geometry is not None and not geometry.isNull() else None
        attributes = {}
        for name in names:
            value = feature[name]
            if value is None or (hasattr(value, "isNull") and value.isNull()):
                value = None
            attributes[name] = value
        rows.append((attributes, area, length))
    rows.sort(key=lambda r: (tuple(str(r[0][n]) for n in names), r[1] or 0.0, r[2] or 0.0))
    return rows


def report_inputs():
    """Parameters of wertvoll:report (template kompensation) on the screening's reference outputs."""
    screening = reference_run("compensationscreening")
    return {"TEMPLATE": "kompensation", "COMPENSATION": screening.outputs["OUTPUT"],
            "SUMMARY": screening.outputs["OUTPUT_SUMMARY"], "FIELDS": '{"author": "Test", "demand": 500000}'}


def algorithm_inputs(algorithm):
    """Input parameters of *algorithm* (the four analyses or 'report') on the demo region."""
    if algorithm == "report":
        return report_inputs()
    gpkg, dem = demo_region()
    return inputs(algorithm, gpkg, dem)


def _check_recorder_class():
    from qgis.core import QgsProcessingFeedback

    class CheckRecorder(QgsProcessingFeedback):
        """Feedback that notes when the algorithm asks whether it is cancelled.

        The longest time between two questions (and from the start to the first, from the
        last to the end) is the longest a cancel can wait for its answer.
        """

        def __init__(self):
            super().__init__()
            self.times = [time.perf_counter()]

        def isCanceled(self):  # noqa: N802
            self.times.append(time.perf_counter())
            return super().isCanceled()

        def longest_gap(self, end):
            times = self.times + [end]
            return max(b - a for a, b in zip(times, times[1:]))

    return CheckRecorder


class Reference:
    """One complete processing.run of an algorithm on the demo region (files in a session folder)."""

    def __init__(self, algorithm, result, outputs, seconds, checks, longest_gap):
        self.algorithm, self.result, self.outputs = algorithm, result, outputs
        self.seconds, self.checks, self.longest_gap = seconds, checks, longest_gap


def reference_run(algorithm):
    """The :class:`Reference` run of *algorithm* ('report' too), made once per session."""
    if algorithm not in _REFERENCES:
        import processing

        alg_id = f"wertvoll:{algorithm}"
        params = algorithm_inputs(algorithm)
        outputs = file_outputs(alg_id, session_folder(f"reference-{algorithm}"))
        feedback = _check_recorder_class()()
        started = time.perf_counter()
        result = processing.run(alg_id, {**params, **outputs}, feedback=feedback)
        ended = time.perf_counter()
        _REFERENCES[algorithm] = Reference(algorithm, result, outputs, ended - started, len(feedback.times) - 1,
                                           feedback.longest_gap(ended))
    return _REFERENCES[algorithm]


def _close(a, b, rel, abs_tol=1e-9):
    if isinstance(a, bool) or isinstance(b, bool) or not isinstance(a, (int, float)) \
            or not isinstance(b, (int, float)):
        return a == b
    return abs(a - b) <= max(rel * max(abs(a), abs(b)), abs_tol)


def layer_differences(got, expected, rel=1e-9, fields=None):
    """Differences between two vector layers: feature count, attributes, areas and lengths.

    Features are matched after sorting by their attributes; numbers compare within *rel*
    (relative). Returns a list of texts, empty when the layers agree.
    """
    if got.featureCount() != expected.featureCount():
        return [f"feature count {got.featureCount()} != {expected.featureCount()}"]
    names = fields or [f.name() for f in expected.fields() if f.name().lower() not in ("fid", "id", "ogc_fid")]
    missing = [n for n in names if got.fields().lookupField(n) < 0]
    if missing:
        return [f"fields missing: {missing}"]
    problems = []
    for index, (row, other) in enumerate(zip(vector_rows(got, names), vector_rows(expected, names))):
        for name in names:
            if not _close(row[0][name], other[0][name], rel):
                problems.append(f"row {index} {name}: {row[0][name]!r} != {other[0][name]!r}")
        for what, a, b in (("area", row[1], other[1]), ("length", row[2], other[2])):
            if (a is None) != (b is None) or (a is not None and not _close(a, b, rel, 1e-6)):
                problems.append(f"row {index} {what}: {a} != {b}")
        if len(problems) > 10:
            break
    return problems
