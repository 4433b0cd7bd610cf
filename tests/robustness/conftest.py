"""Fixtures of the robustness matrix (issue 9); the matrix itself lives in plain modules beside this one.

Every algorithm gets a *world*: a few features (EPSG:25833, around ORIGIN) and, where it
takes one, a small raster, whose correct result is worked out by hand in the world's
docstring. A case changes one thing of a world (a geometry, the CRS, a field, the raster,
the outputs) and says how the expected result changes; the run checks the requirements of
issue 9 for every case. Where to look:

* ``worlds/`` — one module per algorithm (screening, riparian, flood, corridors, report), the
  hooks every case calls in ``worlds/base.py``, the registry ``WORLDS``/``ALGORITHMS`` in
  ``worlds/__init__.py``;
* ``matrix_inputs.py`` — vector and raster inputs of a world, the odd geometries of the cases;
* ``matrix_run.py`` — the checked run (clear messages, inputs unchanged, no output left after
  an error) and ``run_world``;
* ``matrix_outputs.py`` — reading the outputs for a world's checks;
* ``test_matrix_*.py`` — the cases; ``runtime_*.py`` — the inputs of the cancel, thread and
  PostGIS tests (``test_cancel.py``, ``test_threads.py``, ``test_postgis.py``).

``docs/robustness.md`` lists the cases and the behaviour per algorithm.
"""
import pytest

# the matrix modules assert like tests do: pytest explains a failed assert there as in a test
pytest.register_assert_rewrite(*(f"{__package__}.{name}" for name in (
    "matrix_inputs", "matrix_outputs", "matrix_run", "worlds")))

from .matrix_inputs import ORIGIN  # noqa: E402 - after the registration above
from .worlds import WORLDS  # noqa: E402


@pytest.fixture
def project_layers():
    """Layers a world put into the project (selection cases); removed after the test."""
    from qgis.core import QgsProject

    layers = []
    yield layers
    for layer in layers:
        QgsProject.instance().removeMapLayer(layer.id())


@pytest.fixture
def world_of(provider, tmp_path):
    """world_of(algorithm, origin=ORIGIN) -> a fresh world in its own folder."""
    counter = [0]

    def make(algorithm, origin=ORIGIN):
        counter[0] += 1
        return WORLDS[algorithm](tmp_path / f"w{counter[0]}", origin)

    return make
