"""Robustness matrix, geometry (issue 9): odd geometries through every algorithm and the report.

Polygon cases change the world's target rectangle (screening: parcel P2; riparian strips: the
water polygon; flood zones: the official zone; corridors: patch B; report: the first
candidate, drawn on the map); line cases the target river (riparian strips, flood zones).
The intended shapes are worked out by hand in :func:`matrix_inputs.polygon_variant`.
"""
import pytest
import shapely

from .matrix_inputs import HUGE_ORIGIN, line_variant, polygon_variant
from .matrix_run import run_world
from .worlds import ALGORITHMS, WORLDS

POLYGON_CASES = ("self_intersection", "bow_tie", "duplicate_nodes", "unclosed_ring", "unclosed_ring_geojson",
                 "empty", "null", "multipart", "curved", "z_and_m")
LINE_CASES = ("invalid", "duplicate_nodes", "empty", "null", "multipart", "curved", "z_and_m")
INVALID = ("self_intersection", "bow_tie")


def _cases(slot, cases):
    return [(case, alg) for case in cases for alg in ALGORITHMS if getattr(WORLDS[alg], slot) is not None]


def _no_check():
    from qgis.core import QgsFeatureRequest

    return QgsFeatureRequest.GeometryNoCheck


@pytest.mark.parametrize("case,alg", _cases("POLYGON", POLYGON_CASES))
def test_polygon(case, alg, world_of, project_layers):
    world = world_of(alg)
    param, index = world.target("polygon")
    spec = world.vectors[param]
    wkt, attributes = spec.rows[index]
    bounds = shapely.from_wkt(wkt).bounds
    if case in ("empty", "null"):  # an extra feature without geometry, attributes of the target
        spec.rows.append(("POLYGON EMPTY" if case == "empty" else None, dict(attributes)))
        world.add_shape("polygon", None, attributes)
    else:
        new_wkt, geometry_type, shape, raw = polygon_variant(case, bounds)
        spec.rows[index] = (new_wkt, attributes)
        spec.geometry = geometry_type
        if raw is not None:  # a broken file: WKT text read by QGIS, or GeoJSON read by GDAL
            spec.kind, spec.raw = ("geojson" if isinstance(raw, dict) else "csv"), {index: raw}
        world.set_target_shape("polygon", shape)
    if case in INVALID:  # Processing setting "do not filter invalid geometries": the plugin repairs
        world.invalid_check = _no_check()
        if alg != "report":  # ... and says so (the report reads no geometries but for its map)
            world.expect_warnings.append("were repaired")
    run_world(world, None, project_layers, f"polygon/{case}/{alg}")


@pytest.mark.parametrize("setting", ["skip", "abort"])
@pytest.mark.parametrize("alg", [a for a in ALGORITHMS if WORLDS[a].POLYGON is not None])
def test_invalid_geometry_settings(setting, alg, world_of, project_layers):
    """The user's invalid-geometry setting: skip drops the bow-tie, abort stops with a clear message.

    (QGIS's own 'stop' throws a C++ exception from the feature iterator that Python cannot catch:
    QGIS 3.22 aborted; algorithms/base.py applies the setting itself.)
    """
    from qgis.core import QgsFeatureRequest

    world = world_of(alg)
    param, index = world.target("polygon")
    spec = world.vectors[param]
    wkt, attributes = spec.rows[index]
    spec.rows[index] = (polygon_variant("bow_tie", shapely.from_wkt(wkt).bounds)[0], attributes)
    if setting == "skip":
        world.invalid_check = QgsFeatureRequest.GeometrySkipInvalid
        expect = world.skip_target("polygon")
    else:
        world.invalid_check = QgsFeatureRequest.GeometryAbortOnInvalid
        expect = world.abort_target("polygon")
    run_world(world, expect, project_layers, f"invalid-{setting}/{alg}")


@pytest.mark.parametrize("case,alg", _cases("LINE", LINE_CASES))
def test_line(case, alg, world_of, project_layers):
    world = world_of(alg)
    param, index = world.target("line")
    spec = world.vectors[param]
    wkt, attributes = spec.rows[index]
    a, b = shapely.from_wkt(wkt).coords[0], shapely.from_wkt(wkt).coords[-1]
    if case in ("empty", "null", "invalid"):
        extra = {"empty": "LINESTRING EMPTY", "null": None, "invalid": f"LINESTRING({a[0]} {a[1]},{a[0]} {a[1]})"}
        spec.rows.append((extra[case], dict(attributes)))
        world.add_shape("line", None, attributes)
        if case == "invalid":
            world.invalid_check = _no_check()
    else:
        new_wkt, geometry_type, shape = line_variant(case, a, b)
        spec.rows[index] = (new_wkt, attributes)
        spec.geometry = geometry_type
        world.set_target_shape("line", shape)
    run_world(world, None, project_layers, f"line/{case}/{alg}")


def _layer_slots():
    out = []
    for alg in ALGORITHMS:
        world = WORLDS[alg]
        params = [world.PRIMARY] + ([world.POLYGON[0]] if world.POLYGON and world.POLYGON[0] != world.PRIMARY
                                    else [])
        out += [(alg, p) for p in params]
    return out


@pytest.mark.parametrize("case", ["no_features", "nothing_selected"])
@pytest.mark.parametrize("alg,param", _layer_slots())
def test_empty_layer(case, alg, param, world_of, project_layers):
    """0 features, or a selection-only source with nothing selected: an error for the required input."""
    world = world_of(alg)
    spec = world.vectors[param]
    if case == "no_features":
        spec.rows = []
    else:
        spec.kind = "selection"
    expect = world.expect_no_features("polygon" if param != world.PRIMARY else "primary")
    run_world(world, expect, project_layers, f"{case}/{alg}/{param}")


@pytest.mark.parametrize("alg", ALGORITHMS)
def test_huge_coordinates(alg, world_of, project_layers):
    """The whole world (vectors and rasters) moved to x = 4e9, y = 9e9 m: the same result."""
    world = world_of(alg, HUGE_ORIGIN)
    if "MAPS" in world.params:  # the report draws the far-away candidates
        world.params["MAPS"] = True
    run_world(world, None, project_layers, f"huge/{alg}")
