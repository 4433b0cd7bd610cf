"""Drinking water and climate per measure: nitrate leaching avoided and soil carbon built (issue 24).

Two estimates per candidate part and its proposed measure, from the land use before and after
(a *land state* of the factor table), the soil and the yearly percolation. No QGIS here: numpy
and pandas only. The numbers live in two user-replaceable CSV tables (``resources/water_climate/``), each
value with its source or marked "Annahme / assumption"; an empty cell means no sourced value,
and the estimate that needs it stays empty (NULL) instead of being invented.

Nitrate leaching avoided (kg N/ha·a)
    The exchange frequency of the plant-available soil water (Austauschhäufigkeit, Ad-hoc-AG
    Boden 2000, Methodendokumentation Bodenkunde, Verknüpfungsregel 7.8; Berlin Umweltatlas
    01.11.4) is ``AH = percolation / nFKWe``: the yearly percolation (mm/a) over the usable field
    capacity of the effective root zone (mm). Those methods only classify AH; that the share of
    the nitrogen surplus leaving the root zone within a year is ``min(1, AH)`` (the soil water is
    replaced once per ``1/AH`` years, piston flow) is an assumption (Annahme) of the plugin, on
    the physics of Burns (1975). Then ``n_saved_ha = (surplus_before - surplus_after) *
    min(1, AH)`` and ``n_saved_kg = n_saved_ha * area_ha``. More percolation never gives less
    leaching avoided. Without a percolation raster every part takes :data:`SEEPAGE_DEFAULT_MM`.

Soil organic carbon (t CO2/a)
    IPCC 2006 Guidelines, Vol. 4, Ch. 2, Eq. 2.25 (Tier 1, kept in the 2019 Refinement):
    ``SOC = SOC_REF * F_LU * F_MG * F_I`` in 0-30 cm, and the change runs linearly over the
    default period ``D`` = 20 years. Per part ``co2_t_a = (SOC_after - SOC_before) / D * 44/12 *
    area_ha``: positive = carbon stored, for the 20 years after the change; after them the soil
    is taken to be at its new equilibrium and stores nothing more.

What the estimates are not: no field measurement, no hydrological transport model (the nitrate
leaving the root zone may still be denitrified on its way to the well), no crop rotation or
fertiliser record of the farm, no carbon in biomass, no nitrous oxide.
"""
import math
from dataclasses import dataclass
from pathlib import Path
from typing import NamedTuple

import numpy as np

from .errors import N_, KernelError
from .tables import parse_number, read_csv_rows, table_records
from .value_table import normalize_code

TABLE_DIR = Path(__file__).resolve().parent.parent / "resources" / "water_climate"
STATES_PATH = TABLE_DIR / "land_states.csv"
SOILS_PATH = TABLE_DIR / "soil_classes.csv"

#: IPCC 2006 Guidelines Vol. 4, Ch. 2, Eq. 2.25: default time dependence of the stock change factors
PERIOD_YEARS = 20.0
#: mass of CO2 per mass of C (molar masses 44 and 12)
CO2_PER_C = 44.0 / 12.0
#: Annahme / assumption: percolation of the Leipzig lowland, mm/a, where no raster gives it. The
#: Leipziger Land has a negative climatic water balance (KWBa < 0, the lowest class: Hölting &
#: Coldewey, Hydrogeologie, 8th ed., Tab. 84, after Ad-hoc-AG Boden 2005); about 15 % of the
#: precipitation percolates in such lowlands ("Gebietstypen des natürlichen Wasserhaushaltes",
#: Sachsen-Anhalt), of 557 mm at Leipzig (1972-2001): 0.15 × 557 ≈ 85. Enter the value of the
#: Saxon water-balance portal (KliWES) for the catchment instead.
SEEPAGE_DEFAULT_MM = 85.0
M2_PER_HA = 10_000.0
#: Annahme / assumption of the plugin: the score counts 50 kg N/ha·a of leaching avoided as a full
#: co-benefit share (1), like a parcel lying wholly in a protection zone; less counts pro rata.
NITRATE_FULL_KG_HA = 50.0
#: Annahme / assumption of the plugin: 1 t C/ha·a stored (3.67 t CO2/ha·a) counts as a full share.
CLIMATE_FULL_T_HA = CO2_PER_C
#: the land state of each landuse_kind of the value table, used when the table has no ``state_now``
DEFAULT_STATES = {"arable": "arable", "grassland": "grassland_intensive", "fallow": "fallow",
                  "orchard": "orchard"}
#: uncertainty classes (the plugin's convention): site data for soil and percolation, or not
UNCERTAINTY = ("medium", "high")


@dataclass(frozen=True)
class LandState:
    """One row of the land-state table: nitrogen surplus and IPCC stock change factors."""

    key: str
    label: str
    n_surplus: float  # kg N/ha·a; NaN = no sourced value
    f_lu: float
    f_mg: float
    f_i: float
    source: str = ""
    status: str = ""
    line: int = 0

    @property
    def stock_factor(self):
        """F_LU × F_MG × F_I (NaN when one is missing)."""
        return self.f_lu * self.f_mg * self.f_i


@dataclass(frozen=True)
class SoilClass:
    """One row of the soil-class table: usable field capacity of the root zone and reference carbon stock."""

    key: str
    label: str
    codes: tuple          # soil texture codes (KA5 Bodenart) that fall in this class, normalised
    index_from: float     # soil index (Acker-/Grünlandzahl) range standing in for the class: from ...
    index_to: float       # ... to below (NaN: the class is not chosen by the index)
    nfk_we: float          # mm
    soc_ref: float        # t C/ha in 0-30 cm
    is_default: bool = False
    source: str = ""
    status: str = ""
    line: int = 0


class Factors(NamedTuple):
    """The two factor tables: land states by key, soil classes in file order."""

    states: dict
    soils: list
    paths: tuple  # (land states, soil classes)

    def default_soil(self):
        """The index of the soil class marked as the regional default."""
        return next(i for i, s in enumerate(self.soils) if s.is_default)


class Estimate(NamedTuple):
    """Per part: the two estimates (NaN where a factor has no sourced value) and their uncertainty."""

    n_saved_ha: np.ndarray   # kg N/ha·a of nitrate leaching avoided
    n_saved_kg: np.ndarray   # kg N/a over the part
    co2_t_a: np.ndarray      # t CO2/a stored over the part (for PERIOD_YEARS)
    uncertainty: np.ndarray  # one of UNCERTAINTY; None where neither estimate exists


class Inputs(NamedTuple):
    """What the screening needs for the estimates (``ScreeningOptions.water_climate``)."""

    factors: Factors
    soil_types: object = None  # per candidate feature: soil texture code or class key (None: not given)
    seepage: object = None     # a grid.Grid of percolation in mm/a, or None
    seepage_default: float = SEEPAGE_DEFAULT_MM  # mm/a where the grid has no value
    water_by_nitrate: bool = False  # the water share of the score: nitrate avoided inside the zones


class Site(NamedTuple):
    """Per part: soil class index, percolation (mm/a), and whether both come from site data."""

    soil: np.ndarray
    seepage_mm: np.ndarray
    site_data: np.ndarray  # bool


# --------------------------------------------------------------------------- tables

_UNREADABLE = N_("Factor table {path} cannot be read ({reason}). Check the path and that the file exists.")
_NOT_UTF8 = N_("Factor table {path} is not UTF-8 text. Save it as 'CSV UTF-8' and run again.")
_MISSING = N_("Factor table {path}, line {line}: the header lacks the column(s) {missing}. Compare it with "
              "the table shipped with the plugin (resources/water_climate).")


def _number(value, column, path, line, minimum=0.0):
    """The cell *value* as a number of at least *minimum*; NaN when empty; KernelError otherwise."""
    text = (value or "").strip()
    if not text:
        return math.nan
    number = parse_number(text)
    if not math.isfinite(number) or number < minimum:
        raise KernelError(N_("Factor table {path}, line {line}: {column} '{value}' is not a number of at "
                             "least {minimum}. Correct it, or leave the cell empty when no source gives it."),
                          path=str(path), line=line, column=column, value=text, minimum=minimum)
    return number


def _records(path, required):
    """(line, key, {column: text}) of the rows of a factor table; each key once."""
    seen = {}
    for line, row in table_records(read_csv_rows(path, _UNREADABLE, _NOT_UTF8), path, required, _MISSING):
        key = normalize_code(row.get(required[0]))
        if key is None:
            raise KernelError(N_("Factor table {path}, line {line}: the key ({column}) is empty. Fill it or "
                                 "remove the line."), path=str(path), line=line, column=required[0])
        if key in seen:
            raise KernelError(N_("Factor table {path}: '{key}' appears on line {first} and on line {line}. Keep "
                                 "one of the two lines."), path=str(path), key=key, first=seen[key], line=line)
        seen[key] = line
        yield line, key, row


def load_states(path=None):
    """The land states of the CSV at *path* (default: the shipped table) by key."""
    path = Path(path) if path else STATES_PATH
    states = {}
    for line, key, row in _records(path, ("state", "n_surplus_kg_ha", "f_lu", "f_mg", "f_i")):
        states[key] = LandState(
            key, row.get("label", ""), _number(row["n_surplus_kg_ha"], "n_surplus_kg_ha", path, line, -1e9),
            *(_number(row[c], c, path, line) for c in ("f_lu", "f_mg", "f_i")),
            source=row.get("source", ""), status=row.get("status", ""), line=line)
    return states


def load_soils(path=None):
    """The soil classes of the CSV at *path* (default: the shipped table); exactly one is the default."""
    path = Path(path) if path else SOILS_PATH
    soils = []
    for line, key, row in _records(path, ("soil", "codes", "nfk_we_mm", "soc_ref_t_ha", "default")):
        codes = tuple(normalize_code(c) for c in row["codes"].replace(",", " ").split())
        soils.append(SoilClass(
            key, row.get("label", ""), codes, _number(row.get("index_from"), "index_from", path, line),
            _number(row.get("index_to"), "index_to", path, line),
            _number(row["nfk_we_mm"], "nfk_we_mm", path, line, 1.0),
            _number(row["soc_ref_t_ha"], "soc_ref_t_ha", path, line),
            is_default=row["default"].strip().lower() in ("1", "yes", "ja", "true", "x"),
            source=row.get("source", ""), status=row.get("status", ""), line=line))
    if sum(s.is_default for s in soils) != 1:
        raise KernelError(N_("Soil-class table {path}: exactly one row needs default = 1 (the soil class used "
                             "where a parcel has neither a soil type nor a soil index)."), path=str(path))
    return soils


def load_factors(states_path=None, soils_path=None):
    """Both factor tables (default: the shipped ones)."""
    return Factors(load_states(states_path), load_soils(soils_path),
                   (str(states_path or STATES_PATH), str(soils_path or SOILS_PATH)))


# --------------------------------------------------------------------------- site

def soil_classes(factors, n, soil_types=None, soil_index=None):
    """Per part of *n*: (soil class index, whether it comes from a soil type, unknown types {type: count}).

    A soil type (KA5 texture code or class key, any case) wins; else the soil index range of a class stands in
    (an assumption of the table, marked there); else the default class.
    """
    out = np.full(n, factors.default_soil(), dtype=np.int64)
    by_type = np.zeros(n, dtype=bool)
    if soil_index is not None:
        index = np.asarray(soil_index, dtype=float)
        for i, soil in enumerate(factors.soils):
            if math.isfinite(soil.index_from) and math.isfinite(soil.index_to):
                out[(index >= soil.index_from) & (index < soil.index_to)] = i
    unknown = {}
    if soil_types is not None:
        import pandas as pd  # here, not at the top: the algorithm's dialog reads this module's defaults

        lookup = {c.lower(): i for i, soil in enumerate(factors.soils) for c in (soil.key, *soil.codes)}
        codes, uniques = pd.factorize(pd.Series(np.asarray(soil_types, dtype=object), dtype=object))
        keys = [normalize_code(u) for u in uniques]
        found = np.array([lookup.get(k.lower(), -1) if k else -1 for k in keys] + [-1], dtype=np.int64)[codes]
        by_type = found >= 0
        out[by_type] = found[by_type]
        counts = np.bincount(codes[(codes >= 0) & (found < 0)], minlength=len(keys))
        unknown = {keys[i]: int(counts[i]) for i in np.flatnonzero(counts) if keys[i]}
    return out, by_type, unknown


def seepage(sampled, default_mm):
    """Per part: percolation in mm/a (the sampled value, the default where it is NaN; below 0 is 0)."""
    sampled = np.asarray(sampled, dtype=float)
    return np.clip(np.where(np.isnan(sampled), default_mm, sampled), 0.0, None), ~np.isnan(sampled)


# --------------------------------------------------------------------------- estimates

def leaching_fraction(seepage_mm, nfk_we_mm):
    """``min(1, AH)`` with the exchange frequency ``AH = percolation / nFKWe`` (Ad-hoc-AG Boden, VKR 7.8); the
    ``min(1, AH)`` is an assumption (Annahme) of the plugin."""
    return np.minimum(1.0, np.asarray(seepage_mm, dtype=float) / np.asarray(nfk_we_mm, dtype=float))


def _state_column(factors, keys, attr):
    """*attr* of the land state of each key (NaN for an unknown or empty key)."""
    import pandas as pd

    values = {k: getattr(s, attr) for k, s in factors.states.items()}
    return pd.Series(np.asarray(keys, dtype=object), dtype=object).map(values).to_numpy(dtype=float, na_value=np.nan)


def estimate(area_m2, states, site, factors):
    """The :class:`Estimate` of each part.

    *states*: (land state before, land state after) keys per part ('' = none); *site*: a :class:`Site`.
    """
    before, after = states
    area_ha = np.asarray(area_m2, dtype=float) / M2_PER_HA
    soils = factors.soils
    nfk = np.array([s.nfk_we for s in soils])[site.soil]
    soc_ref = np.array([s.soc_ref for s in soils])[site.soil]
    surplus_cut = _state_column(factors, before, "n_surplus") - _state_column(factors, after, "n_surplus")
    n_saved_ha = surplus_cut * leaching_fraction(site.seepage_mm, nfk)
    stock_gain = soc_ref * (_state_column(factors, after, "stock_factor")
                            - _state_column(factors, before, "stock_factor"))
    co2_t_a = stock_gain / PERIOD_YEARS * CO2_PER_C * area_ha
    uncertainty = np.where(site.site_data, UNCERTAINTY[0], UNCERTAINTY[1]).astype(object)
    uncertainty[np.isnan(n_saved_ha) & np.isnan(co2_t_a)] = None  # no estimate: no class
    return Estimate(n_saved_ha, n_saved_ha * area_ha, co2_t_a, uncertainty)


def score_shares(est, area_m2):
    """The score's shares 0-1: ``nitrate`` (kg N/ha·a over NITRATE_FULL_KG_HA) and ``climate``
    (t CO2/ha·a over CLIMATE_FULL_T_HA); NaN and losses count 0."""
    area_ha = np.asarray(area_m2, dtype=float) / M2_PER_HA
    co2_ha = np.divide(est.co2_t_a, area_ha, out=np.full(len(area_ha), np.nan), where=area_ha > 0)
    return {"nitrate": np.clip(np.nan_to_num(est.n_saved_ha / NITRATE_FULL_KG_HA), 0.0, 1.0),
            "climate": np.clip(np.nan_to_num(co2_ha / CLIMATE_FULL_T_HA), 0.0, 1.0)}
