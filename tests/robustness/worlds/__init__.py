"""The worlds of the robustness matrix, one per algorithm: a few features and a small raster
whose correct result is worked out by hand in the world's docstring (see conftest.py)."""
from ..matrix_outputs import shapefile_name
from .base import NotApplicable, World
from .corridors import CorridorWorld
from .flood import FloodWorld
from .report import ReportWorld
from .riparian import RiparianWorld
from .screening import ScreeningWorld

WORLDS = {w.ALG: w for w in (ScreeningWorld, RiparianWorld, FloodWorld, CorridorWorld, ReportWorld)}
ALGORITHMS = tuple(WORLDS)
#: a Shapefile's cut field name -> WERTvoll's name
LONG_NAMES = {shapefile_name(n): n for w in WORLDS.values() for names in w.FIELDS.values() for n in names}

__all__ = ["ALGORITHMS", "LONG_NAMES", "WORLDS", "NotApplicable", "World"]
