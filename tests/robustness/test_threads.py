"""The algorithms in QGIS's background task, as the desktop runs them (issue #9).

The Processing dialog runs an algorithm in a QgsProcessingAlgRunnerTask on the application's
task manager (a worker thread), unless the algorithm has the NoThreading flag; then it runs
on the main thread. Each analysis algorithm must complete there with the same result as
processing.run, without touching the project (no layer added, not made dirty) and without
QGIS's interface (qgis.utils.iface is None during the run). The report exports print layouts
and says so with NoThreading. A static check makes sure that no code the algorithms run
imports a GUI module.
"""
import ast
import sys
import threading
import time
from pathlib import Path

import pytest
from qgis.core import (
    QgsApplication,
    QgsProcessingAlgorithm,
    QgsProcessingAlgRunnerTask,
    QgsProcessingContext,
    QgsProcessingFeedback,
    QgsProject,
    QgsRasterLayer,
    QgsVectorLayer,
)
from qgis.PyQt.QtCore import QEventLoop, Qt, QTimer

from layers import child_pids

from .runtime_data import (
    ALGORITHMS,
    ROOT,
    algorithm_inputs,
    destination_parameters,
    file_outputs,
    layer_differences,
    reference_run,
)

TIMEOUT = 120  # s, for the event loop waiting for a task

GUI_MODULES = ("QtWidgets", "qgis.gui", "qgis.utils", "PyQt5.QtWidgets", "qgis.PyQt.QtWidgets")


class ThreadRecorder(QgsProcessingFeedback):
    """Feedback that notes the threads the algorithm reports its progress from."""

    def __init__(self):
        super().__init__()
        self.threads = set()
        self.progressChanged.connect(self._progress, Qt.DirectConnection)

    def _progress(self, _value):
        self.threads.add(threading.get_ident())


def run_in_task(alg_id, parameters):
    """Run *alg_id* in a QgsProcessingAlgRunnerTask on the task manager; wait with an event loop."""
    algorithm = QgsApplication.processingRegistry().algorithmById(alg_id)
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())  # as the desktop's dialog does
    feedback = ThreadRecorder()
    task = QgsProcessingAlgRunnerTask(algorithm, parameters, context, feedback)
    outcome = {}

    def executed(ok, results):
        outcome.update(ok=ok, results=dict(results))

    task.executed.connect(executed)
    loop = QEventLoop()
    task.taskCompleted.connect(loop.quit)
    task.taskTerminated.connect(loop.quit)
    timer = QTimer()
    timer.setSingleShot(True)
    timer.timeout.connect(loop.quit)
    timer.start(TIMEOUT * 1000)
    QgsApplication.taskManager().addTask(task)
    loop.exec_()
    timer.stop()
    if "ok" not in outcome:  # the last signals may still wait in the queue
        deadline = time.monotonic() + 5
        while "ok" not in outcome and time.monotonic() < deadline:
            QgsApplication.processEvents()
    return outcome, feedback, context


def assert_same_outputs(alg_id, reference, results):
    for name, kind in destination_parameters(alg_id):
        if name not in reference.result:
            continue
        assert name in results, f"{name} missing from the task's results"
        if kind == "sink":
            expected = QgsVectorLayer(reference.outputs[name], "expected", "ogr")
            got = QgsVectorLayer(results[name], "got", "ogr")
            assert got.isValid(), name
            assert layer_differences(got, expected) == [], name
        elif kind == "raster":
            expected = QgsRasterLayer(reference.outputs[name], "expected")
            got = QgsRasterLayer(results[name], "got")
            assert got.isValid() and (got.width(), got.height()) == (expected.width(), expected.height())
            stats = [layer.dataProvider().bandStatistics(1) for layer in (got, expected)]
            assert stats[0].sum == pytest.approx(stats[1].sum, rel=1e-9)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_runs_in_the_background_task_like_the_desktop(provider, algorithm, tmp_path, monkeypatch):
    import qgis.utils

    alg_id = f"wertvoll:{algorithm}"
    assert not provider.algorithm(algorithm).flags() & QgsProcessingAlgorithm.FlagNoThreading
    reference = reference_run(algorithm)
    params = {**algorithm_inputs(algorithm), **file_outputs(alg_id, tmp_path)}
    project = QgsProject.instance()
    layers_before, dirty_before = len(project.mapLayers()), project.isDirty()
    monkeypatch.setattr(qgis.utils, "iface", None)  # no interface: the algorithm must not need one

    started = time.perf_counter()
    outcome, feedback, context = run_in_task(alg_id, params)
    seconds = time.perf_counter() - started
    print(f"{algorithm}: task {seconds:.2f} s, processing.run {reference.seconds:.2f} s")

    assert outcome.get("ok") is True, outcome
    assert feedback.threads and threading.get_ident() not in feedback.threads, "did not run in a worker thread"
    assert (len(project.mapLayers()), project.isDirty()) == (layers_before, dirty_before)
    results = outcome["results"]
    scalars = {k: v for k, v in reference.result.items() if isinstance(v, (int, float, bool, str))
               and k not in dict(destination_parameters(alg_id))}
    assert {k: results.get(k) for k in scalars} == scalars
    assert_same_outputs(alg_id, reference, results)


@pytest.mark.parametrize("algorithm", ALGORITHMS)
def test_cancel_in_the_background_task(provider, algorithm, tmp_path):
    """The desktop's Cancel button on a running task: the task fails (executed(False)), nothing is written."""
    alg_id = f"wertvoll:{algorithm}"
    reference_run(algorithm)  # the inputs exist
    params = {**algorithm_inputs(algorithm), **file_outputs(alg_id, tmp_path)}
    algorithm_object = QgsApplication.processingRegistry().algorithmById(alg_id)
    context = QgsProcessingContext()
    context.setProject(QgsProject.instance())
    feedback = QgsProcessingFeedback()
    cancelled = []

    def progress(value):
        if value >= 50 and not cancelled:
            cancelled.append(time.perf_counter())
            task.cancel()  # what the task manager's cancel does: cancels the feedback

    feedback.progressChanged.connect(progress, Qt.DirectConnection)
    task = QgsProcessingAlgRunnerTask(algorithm_object, params, context, feedback)
    outcome = {}
    task.executed.connect(lambda ok, results: outcome.update(ok=ok, results=dict(results)))
    loop = QEventLoop()
    task.taskCompleted.connect(loop.quit)
    task.taskTerminated.connect(loop.quit)
    QTimer.singleShot(TIMEOUT * 1000, loop.quit)
    QgsApplication.taskManager().addTask(task)
    loop.exec_()
    ended = time.perf_counter()
    deadline = time.monotonic() + 5
    while "ok" not in outcome and time.monotonic() < deadline:
        QgsApplication.processEvents()
    assert cancelled, "never reached 50 %"
    print(f"{algorithm}: task cancelled at 50 %, ended {ended - cancelled[0]:.3f} s later")
    assert outcome.get("ok") is False
    assert ended - cancelled[0] < 1.0
    assert list(tmp_path.iterdir()) == []
    assert context.layersToLoadOnCompletion() == {}


def forked_corridor_passes(monkeypatch):
    """Force the corridor kernel's worker processes (2) and note how many it starts each time."""
    from wertvoll.kernels import corridors, workers

    if not workers.can_fork():
        pytest.skip(f"the corridor worker processes need os.fork on Linux; this is {sys.platform}")
    monkeypatch.setenv("WERTVOLL_WORKERS", "2")
    started = []

    class Counting(workers.Workers):
        def __init__(self, count, serve):
            started.append(count)
            super().__init__(count, serve)

    monkeypatch.setattr(corridors, "Workers", Counting)
    return started


def test_corridor_worker_processes_forked_from_the_background_task(provider, tmp_path, monkeypatch):
    """The desktop case of the parallel corridor passes: forked from the task's worker thread while
    QGIS's other threads run; the same outputs as the serial processing.run; no process left."""
    started = forked_corridor_passes(monkeypatch)
    before = child_pids()
    test_runs_in_the_background_task_like_the_desktop(provider, "biotopecorridors", tmp_path, monkeypatch)
    assert started == [1, 2]              # the multi-source pass, then the per-patch passes
    assert child_pids() == before, "a worker process was left behind"


def test_cancel_with_corridor_worker_processes_in_the_background_task(provider, tmp_path, monkeypatch):
    started = forked_corridor_passes(monkeypatch)
    before = child_pids()
    test_cancel_in_the_background_task(provider, "biotopecorridors", tmp_path)
    assert started == [1, 2]              # the multi-source pass, then the per-patch passes
    assert child_pids() == before, "a worker process was left behind"


def test_report_says_it_must_not_run_in_a_thread(provider):
    """Print layouts (the report's maps) are exported on the main thread: the report has NoThreading."""
    assert provider.algorithm("report").flags() & QgsProcessingAlgorithm.FlagNoThreading


def test_report_on_the_main_thread_touches_no_project(provider, tmp_path, monkeypatch):
    """NoThreading: the desktop runs the report on the main thread; it leaves the project alone there too."""
    import processing
    import qgis.utils

    monkeypatch.setattr(qgis.utils, "iface", None)
    project = QgsProject.instance()
    before = (len(project.mapLayers()), project.isDirty(), len(project.layoutManager().layouts()))
    context = QgsProcessingContext()
    context.setProject(project)
    result = processing.run("wertvoll:report", {**algorithm_inputs("report"),
                                                **file_outputs("wertvoll:report", tmp_path)}, context=context)
    assert Path(result["OUTPUT_HTML"]).stat().st_size > 0 and Path(result["OUTPUT_DOCX"]).stat().st_size > 0
    assert (len(project.mapLayers()), project.isDirty(), len(project.layoutManager().layouts())) == before


def _imports(path):
    """Module names imported by the Python file *path* (anywhere in it, also inside functions)."""
    names = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            names += [node.module] + [f"{node.module}.{alias.name}" for alias in node.names]
    return names


def test_algorithm_code_imports_no_gui():
    """algorithms/ and kernels/ (what processAlgorithm runs) import no widgets, qgis.gui or iface."""
    files = sorted((ROOT / "algorithms").glob("*.py")) + sorted((ROOT / "kernels").glob("*.py"))
    assert len(files) > 10
    found = {}
    for path in files:
        bad = [name for name in _imports(path) if any(g in name for g in GUI_MODULES) or name.endswith(".iface")]
        if "iface" in path.read_text(encoding="utf-8"):
            bad.append("iface")
        if bad:
            found[str(path.relative_to(ROOT))] = bad
    assert found == {}
