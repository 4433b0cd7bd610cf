"""The Grid helper: cell lookup and centres, worked out by hand on a 3 x 4 grid of 10 m cells."""
import numpy as np

from wertvoll.kernels.grid import Grid


def grid():
    # left edge x = 100, top edge y = 50, 10 m cells: columns 100-110-120-130-140, rows 50-40-30-20
    return Grid(np.arange(12, dtype=float).reshape(3, 4), 100.0, 50.0, 10.0, 10.0)


def test_bounds_and_geotransform():
    g = grid()
    assert g.bounds == (100.0, 20.0, 140.0, 50.0)
    assert g.geotransform() == (100.0, 10.0, 0.0, 50.0, 0.0, -10.0)


def test_cell_of_and_centre_of():
    g = grid()
    row, col = g.cell_of([105, 139.9, 99], [45, 21, 45])
    assert row.tolist() == [0, 2, 0] and col.tolist() == [0, 3, -1]
    assert g.inside(row, col).tolist() == [True, True, False]
    x, y = g.centre_of([0, 2], [0, 3])
    assert x.tolist() == [105.0, 135.0] and y.tolist() == [45.0, 25.0]


def test_values_at_points_with_a_fill_off_the_grid():
    grid = Grid(np.array([[1, 2], [3, 4]], dtype=np.uint8), 0.0, 20.0, 10.0, 10.0)  # x 0-20, y 0-20
    x, y = np.array([5.0, 15.0, 5.0, 25.0, -0.1]), np.array([15.0, 15.0, 5.0, 5.0, 5.0])
    assert grid.at(x, y, fill=0).tolist() == [1, 2, 3, 0, 0]
    assert grid.at(x, y, fill=0).dtype.kind in "iu"  # integer zones stay integers
    floats = grid.with_values(np.array([[0.5, np.nan], [2.5, 3.5]]))
    values = floats.at(x, y)
    assert values[[0, 2]].tolist() == [0.5, 2.5] and np.isnan(values[[1, 3, 4]]).all()
