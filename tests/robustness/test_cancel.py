"""Cancelling every WERTvoll algorithm at about 10 %, 50 % and 90 % (issue #9).

A feedback cancels the run the first time the progress reaches the percentage. The run must
then end within 1 s (wall time from cancel() to the return of processing.run), either with a
QgsProcessingException or with an empty result (base.py: a cancel ends the run with ``{}``
and the log line "Cancelled by the user; no result was written."), and leave nothing behind:
no file in the output folder, no file in the Processing temp folder or the Python temp
folder, no layer registered for loading into the project, no layer in the context's
temporary layer store. The inputs are the demo region at scale 3, so that a run lasts
one to three seconds and the percentages fall into different steps.
"""
import tempfile
import time
from pathlib import Path

import processing
import pytest
from qgis.core import (
    QgsProcessingContext,
    QgsProcessingException,
    QgsProcessingFeedback,
    QgsProcessingOutputLayerDefinition,
    QgsProcessingUtils,
    QgsProject,
)
from qgis.PyQt.QtCore import Qt

from layers import child_pids

from .runtime_data import ALGORITHMS, algorithm_inputs, destination_parameters, file_outputs, reference_run

PERCENTS = (10, 50, 90)
LATENCY_LIMIT = 1.0  # s from cancel() to the return of processing.run
LATENCIES = {}  # (algorithm, percent) -> (progress at cancel, seconds), printed at the end of the module


class CancelAt(QgsProcessingFeedback):
    """Cancels the first time the progress reaches *percent*; remembers when."""

    def __init__(self, percent):
        super().__init__()
        self.percent = percent
        self.cancelled_at = None
        self.progress_at_cancel = None
        self.errors = []
        # direct: the slot runs in the thread that reports the progress, like a click in the
        # desktop's dialog that lands while the algorithm runs
        self.progressChanged.connect(self._progress, Qt.DirectConnection)

    def _progress(self, value):
        if self.cancelled_at is None and value >= self.percent:
            self.progress_at_cancel = value
            self.cancelled_at = time.perf_counter()
            self.cancel()

    def reportError(self, error, fatalError=False):  # noqa: N802
        self.errors.append(error)
        super().reportError(error, fatalError)


def files_under(folder):
    return sorted(p for p in Path(folder).rglob("*") if p.is_file())


@pytest.fixture(scope="module", autouse=True)
def print_latencies():
    yield
    if LATENCIES:
        print("\ncancel latency (algorithm, target %: progress at cancel, s from cancel to return)")
        for (algorithm, percent), (progress, seconds) in sorted(LATENCIES.items()):
            print(f"  {algorithm:24s} {percent:3d} %: at {progress:5.1f} %, {seconds:.3f} s")


@pytest.mark.parametrize("percent", PERCENTS)
@pytest.mark.parametrize("algorithm", ALGORITHMS + ("report",))
def test_cancel_stops_fast_and_leaves_nothing(provider, algorithm, percent, tmp_path, monkeypatch):
    alg_id = f"wertvoll:{algorithm}"
    params = algorithm_inputs(algorithm)
    out_dir = tmp_path / "out"
    out_dir.mkdir()
    private_tmp = tmp_path / "tmp"
    private_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private_tmp))  # tempfile.* of the plugin lands here
    processing_tmp = QgsProcessingUtils.tempFolder()
    temp_before = set(files_under(processing_tmp))

    outputs = file_outputs(alg_id, out_dir)
    sinks = [name for name, kind in destination_parameters(alg_id) if kind == "sink"]
    if sinks:  # the first: loaded into the project on completion, as the desktop asks for it
        outputs[sinks[0]] = QgsProcessingOutputLayerDefinition(outputs[sinks[0]], QgsProject.instance())
    if len(sinks) > 1:  # the last: a temporary output in the Processing temp folder
        outputs[sinks[-1]] = "TEMPORARY_OUTPUT"
    if algorithm == "report":
        outputs["OUTPUT_DOCX"] = "TEMPORARY_OUTPUT"
    params.update(outputs)

    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = CancelAt(percent)
    project_layers = len(QgsProject.instance().mapLayers())
    started = time.perf_counter()
    try:
        result = processing.run(alg_id, params, context=context, feedback=feedback)
    except QgsProcessingException:
        result = None
    ended = time.perf_counter()

    assert feedback.cancelled_at is not None, f"the progress never reached {percent} %"
    latency = ended - feedback.cancelled_at
    LATENCIES[(algorithm, percent)] = (feedback.progress_at_cancel, latency)
    print(f"{algorithm} {percent} %: cancelled at {feedback.progress_at_cancel:.1f} % after "
          f"{feedback.cancelled_at - started:.2f} s, returned {latency:.3f} s later")
    assert latency < LATENCY_LIMIT, f"took {latency:.2f} s to stop after the cancel"
    if result is not None:  # a cancelled run returns no output and says so in the log
        destinations = {name for name, _ in destination_parameters(alg_id)}
        assert not destinations & set(result), result
        assert any("Cancelled by the user" in error for error in feedback.errors), feedback.errors
    assert list(out_dir.iterdir()) == [], "output left in the destination folder"
    assert sorted(set(files_under(processing_tmp)) - temp_before) == [], "file left in the Processing temp folder"
    assert files_under(private_tmp) == [], "file left in the temp folder"
    assert context.layersToLoadOnCompletion() == {}, "an output is still registered for loading"
    # the store holds the input layers Processing loaded from their paths, and no output
    outputs_in_store = [layer.source() for layer in context.temporaryLayerStore().mapLayers().values()
                        if layer.providerType() == "memory" or str(out_dir) in layer.source()
                        or processing_tmp in layer.source()]
    assert outputs_in_store == [], "an output is left in the temporary layer store"
    assert len(QgsProject.instance().mapLayers()) == project_layers


@pytest.mark.parametrize("percent, started_workers", [(20, [1]), (40, [1, 2]), (70, [1, 2])])
def test_cancel_stops_the_corridor_worker_processes(provider, percent, started_workers, tmp_path, monkeypatch):
    """Cancelled while the multi-source pass (14-30 % of the run, one forked process) or the per-patch passes
    (35-84 %, two) run in worker processes: they are killed and reaped at once, and nothing is left
    behind (the checks of the test above)."""
    from .test_threads import forked_corridor_passes

    started = forked_corridor_passes(monkeypatch)
    before = child_pids()
    test_cancel_stops_fast_and_leaves_nothing(provider, "biotopecorridors", percent, tmp_path, monkeypatch)
    assert started == started_workers
    assert child_pids() == before, "a worker process was left behind"


@pytest.mark.parametrize("algorithm", ALGORITHMS + ("report",))
def test_no_long_stretch_without_a_cancel_check(provider, algorithm):
    """Over a whole run, the algorithm asks for a cancel at least every second (so any cancel stops in 1 s)."""
    reference = reference_run(algorithm)
    print(f"{algorithm}: {reference.seconds:.2f} s, {reference.checks} cancel checks, longest stretch "
          f"without one {reference.longest_gap:.3f} s")
    assert reference.longest_gap < LATENCY_LIMIT


def test_cancel_keeps_the_other_layers_of_an_existing_geopackage(provider, tmp_path):
    """An output written as a new layer into an existing GeoPackage ('Save to GeoPackage…' of the
    desktop: ogr:dbname=… table=…): a cancel drops that layer and keeps the file and its other layers."""
    from osgeo import ogr

    target = tmp_path / "project data.gpkg"
    processing.run("native:savefeatures", {"INPUT": algorithm_inputs("compensationscreening")["MUNICIPALITIES"],
                                           "OUTPUT": str(target), "LAYER_NAME": "gemeinden"})
    def layer_names():
        dataset = ogr.Open(str(target))
        names = [dataset.GetLayerByIndex(i).GetName() for i in range(dataset.GetLayerCount())]
        dataset = None
        return names

    class CancelAfterCandidates(CancelAt):
        def _progress(self, value):
            if self.cancelled_at is None and value >= self.percent:
                self.layers_at_cancel = layer_names()
            super()._progress(value)

    feedback = CancelAfterCandidates(95)  # the screening: candidates written, summary next
    result = processing.run("wertvoll:compensationscreening", {
        **algorithm_inputs("compensationscreening"),
        "OUTPUT": f"ogr:dbname='{target}' table=\"kandidaten\" (geom)", "OUTPUT_SUMMARY": "TEMPORARY_OUTPUT"},
        feedback=feedback)
    assert feedback.cancelled_at is not None and "OUTPUT" not in result
    assert feedback.layers_at_cancel == ["gemeinden", "kandidaten"]  # it was written …
    assert layer_names() == ["gemeinden"]  # … and dropped again
