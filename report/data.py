"""From result tables to the template context: sums, tables and rankings. No QGIS.

*tables* maps a slot kind (see :data:`engine.SLOT_KINDS`) to a list of attribute dicts, one per
feature, as read from the layers by :mod:`report.layers`. Every number a report prints is
computed here from those rows, so tests can check a report against the layers it came from.
"""
import datetime
import math
import re
from collections import defaultdict

from ..kernels.errors import N_
from ..kinds import CALIBRATED_ZONE, ROBUST_SHARE
from . import wording
from .engine import LANGUAGES, _blank

DEFAULT_TOP_N = 10
#: the group of rows without a municipality (or zone)
MISSING = "–"
#: the charts a report may show (report/charts.py draws them; None in the context when not drawn)
CHART_IDS = ("points_by_municipality", "demand", "strip_landuse", "flood_landuse", "zone_areas")


def _num(value):
    try:
        v = float(value)
    except (TypeError, ValueError):
        return 0.0
    return v if v == v else 0.0  # NaN counts as 0


def _truthy(value):
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "t", "yes", "ja", "wahr")
    return bool(value)


def group_name(value):
    """A municipality or zone as the report groups and prints it: MISSING for None, NaN and blanks.

    A whole number read as a float (a code re-read from CSV) is printed without ``.0``.
    """
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return MISSING
    if isinstance(value, str) and not value.strip():
        return MISSING
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def name_key(name):
    """Sort key of a group name, a number or a text: natural order ("Ort 9" before "Ort 10"), MISSING last.

    Numbers and texts are compared by their text, so a column mixing them (or NULL) sorts the
    same whatever the order of the rows.
    """
    if name == MISSING:
        return (1, (), "", "")
    text = str(name)
    parts = re.split(r"(\d+)", text)  # text, number, text, ...: same kinds at the same places
    return (0, tuple(int(p) if i % 2 else p for i, p in enumerate(parts)), text, type(name).__name__)


def compensation(rows, summary_rows=None, demand=None, top_n=DEFAULT_TOP_N):
    """Totals, the table per municipality and the top candidates of the screening output."""
    if not rows and not summary_rows:
        return None
    rows = rows or []
    selected = [r for r in rows if _truthy(r.get("selected"))]
    totals = {
        "count": len(rows),
        "area_m2": sum(_num(r.get("area_m2")) for r in rows),
        "uplift_pts": sum(_num(r.get("uplift_pts")) for r in rows),
        "selected_count": len(selected),
        "selected_area_m2": sum(_num(r.get("area_m2")) for r in selected),
        "selected_pts": sum(_num(r.get("uplift_pts")) for r in selected),
    }
    by_muni = defaultdict(lambda: {"candidates": 0, "area_m2": 0.0, "uplift_pts": 0.0,
                                   "selected_area_m2": 0.0, "selected_pts": 0.0,
                                   "water_m2": 0.0, "flood_m2": 0.0, "riparian_m2": 0.0,
                                   "corridor_m2": 0.0})
    for r in rows:
        m = by_muni[group_name(r.get("municipality"))]
        area = _num(r.get("area_m2"))
        m["candidates"] += 1
        m["area_m2"] += area
        m["uplift_pts"] += _num(r.get("uplift_pts"))
        for key in ("water", "flood", "riparian", "corridor"):
            m[f"{key}_m2"] += area * _num(r.get(f"share_{key}"))
        if _truthy(r.get("selected")):
            m["selected_area_m2"] += area
            m["selected_pts"] += _num(r.get("uplift_pts"))
    if summary_rows and not rows:  # only the summary table given: take its figures
        for s in summary_rows:
            m = by_muni[group_name(s.get("municipality"))]
            for key in ("candidates", "area_m2", "uplift_pts", "selected_area_m2", "selected_pts"):
                m[key] = _num(s.get(key))
        for key in ("area_m2", "uplift_pts", "selected_area_m2", "selected_pts"):
            totals[key] = sum(m[key] for m in by_muni.values())
        totals["count"] = int(sum(m["candidates"] for m in by_muni.values()))
    municipalities = [dict(name=name, **by_muni[name]) for name in sorted(by_muni, key=name_key)]
    for m in municipalities:
        m["share_of_supply"] = m["uplift_pts"] / totals["uplift_pts"] if totals["uplift_pts"] else 0.0
    top = sorted(rows, key=lambda r: (_num(r.get("rank")) or float("inf"), -_num(r.get("score"))))
    top = [dict(r, co_benefits=_co_benefits(r)) for r in top[: int(top_n or DEFAULT_TOP_N)]]
    demand = _num(demand) if demand not in (None, "") else None
    return {
        **totals,
        "municipalities": municipalities,
        "top": top,
        "comparison": comparison(rows, top_n),
        "robust": robustness(rows, top_n),
        "connectivity": connectivity(rows, top_n),
        "returns": returns(rows, summary_rows),
        "method": next((r.get("method") for r in rows if r.get("method")), None),
        "demand": demand,
        "demand_met": None if demand is None else totals["selected_pts"] >= demand,
        "demand_share": None if not demand else totals["selected_pts"] / demand,
        "gap_pts": None if demand is None else max(demand - totals["selected_pts"], 0.0),
    }


#: what the measures give back: report key -> candidate field (kernels/water_climate.py, issue 24)
RETURN_FIELDS = {"n_kg": "n_saved_kg", "co2_t": "co2_t_a"}


def returns(rows, summary_rows=None):
    """What the city gets back: per municipality and in total, the eco-points, the nitrate leaching
    avoided (kg N/a) and the soil carbon stored (t CO2/a) of the selected measures (of all candidates
    when none is selected); None when the candidates carry no estimates.

    A candidate without an estimate adds nothing to the sums and is counted in ``without_n`` /
    ``without_co2``. Only the summary table given: its sums of the selected measures.
    """
    rows = rows or []
    if not rows:
        return _returns_of_summary(summary_rows or [])
    if all(_blank(r.get(f)) for r in rows for f in RETURN_FIELDS.values()):
        return None
    chosen = [r for r in rows if _truthy(r.get("selected"))]
    basis = "selected" if chosen else "candidates"
    per = defaultdict(lambda: {"count": 0, "area_m2": 0.0, "points": 0.0, "n_kg": 0.0, "co2_t": 0.0,
                               "without_n": 0, "without_co2": 0})
    for r in chosen or rows:
        m = per[group_name(r.get("municipality"))]
        m["count"] += 1
        m["area_m2"] += _num(r.get("area_m2"))
        m["points"] += _num(r.get("uplift_pts"))
        for key, field in RETURN_FIELDS.items():
            m[key] += _num(r.get(field))
        m["without_n"] += _blank(r.get("n_saved_kg"))
        m["without_co2"] += _blank(r.get("co2_t_a"))
    municipalities = [dict(name=name, **per[name]) for name in sorted(per, key=name_key)]
    total = {key: sum(m[key] for m in municipalities) for key in municipalities[0] if key != "name"}
    return _returns_table(basis, municipalities, total)


def _returns_table(basis, municipalities, total):
    """The result of :func:`returns`: its table rows are the municipalities and the total."""
    return {"basis": basis, "municipalities": municipalities, "total": total,
            "rows": [dict(m, is_total=False) for m in municipalities] + [dict(total, name="", is_total=True)]}


def _returns_of_summary(summary_rows):
    """:func:`returns` from the summary table alone (its rows 'total' and per municipality)."""
    rows = [s for s in summary_rows if str(s.get("municipality")) != "total"
            and not _blank(s.get("selected_n_kg"))] or [s for s in summary_rows if not _blank(s.get("selected_n_kg"))]
    if not rows:
        return None
    municipalities = [{"name": group_name(s.get("municipality")), "count": None,
                       "area_m2": _num(s.get("selected_area_m2")), "points": _num(s.get("selected_pts")),
                       "n_kg": _num(s.get("selected_n_kg")), "co2_t": _num(s.get("selected_co2_t")),
                       "without_n": None, "without_co2": None} for s in rows]
    municipalities.sort(key=lambda m: name_key(m["name"]))
    total = {key: sum(m[key] for m in municipalities) if key in ("area_m2", "points", "n_kg", "co2_t") else None
             for key in municipalities[0] if key != "name"}
    return _returns_table("selected", municipalities, total)


SHARE_KEYS = ("water", "flood", "riparian", "corridor")
#: the rows of the comparison table: (key, unit) - unit "ha", "num" or "pct"
COMPARISON_ROWS = (("count", "num"), ("area_m2", "ha"), ("farmland_m2", "ha"), ("prime_m2", "ha"),
                   ("points", "num"), *((f"share_{k}", "pct") for k in SHARE_KEYS), ("n_kg", "num"), ("co2_t", "num"))


def _selection_figures(rows):
    """Count, area, farmland and prime soil taken, points and area-weighted co-benefit shares of *rows*."""
    area = sum(_num(r.get("area_m2")) for r in rows)
    out = {"count": len(rows), "area_m2": area,
           "farmland_m2": sum(_num(r.get("area_m2")) for r in rows if _truthy(r.get("farmland"))),
           "prime_m2": sum(_num(r.get("area_m2")) for r in rows if _truthy(r.get("prime_soil"))),
           "points": sum(_num(r.get("uplift_pts")) for r in rows)}
    for key in SHARE_KEYS:
        covered = sum(_num(r.get("area_m2")) * _num(r.get(f"share_{key}")) for r in rows)
        out[f"share_{key}"] = covered / area if area else 0.0
    for key, field in RETURN_FIELDS.items():
        out[key] = sum(_num(r.get(field)) for r in rows)
    return out


def comparison(rows, top_n=DEFAULT_TOP_N):
    """The walk by rank (``sel_greedy``) against the optimal selection (``selected``); None when the
    optimal selection did not run (``sel_greedy`` is NULL in every row)."""
    if not rows or all(_blank(r.get("sel_greedy")) for r in rows):
        return None
    greedy = [r for r in rows if _truthy(r.get("sel_greedy"))]
    optimal = [r for r in rows if _truthy(r.get("selected"))]
    g, o = _selection_figures(greedy), _selection_figures(optimal)
    estimated = {key for key, field in RETURN_FIELDS.items() if any(not _blank(r.get(field)) for r in rows)}
    table = [{"key": key, "unit": unit, "greedy": g[key], "optimal": o[key]} for key, unit in COMPARISON_ROWS
             if key not in RETURN_FIELDS or key in estimated]
    per = defaultdict(lambda: {"greedy_area_m2": 0.0, "optimal_area_m2": 0.0, "greedy_pts": 0.0, "optimal_pts": 0.0})
    for r in rows:
        for which, chosen in (("greedy", _truthy(r.get("sel_greedy"))), ("optimal", _truthy(r.get("selected")))):
            if chosen:
                m = per[group_name(r.get("municipality"))]
                m[f"{which}_area_m2"] += _num(r.get("area_m2"))
                m[f"{which}_pts"] += _num(r.get("uplift_pts"))
    differ = [dict(r, only="optimal" if _truthy(r.get("selected")) else "greedy") for r in rows
              if _truthy(r.get("selected")) != _truthy(r.get("sel_greedy"))]
    differ.sort(key=lambda r: (_num(r.get("rank")) or float("inf")))
    return {"rows": table, "greedy": g, "optimal": o,
            "both": sum(1 for r in optimal if _truthy(r.get("sel_greedy"))),
            "only_optimal": sum(1 for r in differ if r["only"] == "optimal"),
            "only_greedy": sum(1 for r in differ if r["only"] == "greedy"),
            "farmland_saved_m2": g["farmland_m2"] - o["farmland_m2"],
            "municipalities": [dict(name=n, **per[n]) for n in sorted(per, key=name_key)],
            "differ": differ[: int(top_n or DEFAULT_TOP_N)], "differ_count": len(differ)}


def robustness(rows, top_n=DEFAULT_TOP_N):
    """The selection frequency of the selected candidates; None when it was not computed."""
    rows = [r for r in rows or [] if not _blank(r.get("sel_freq"))]
    if not rows:
        return None
    selected = sorted((r for r in rows if _truthy(r.get("selected"))),
                      key=lambda r: (_num(r.get("rank")) or float("inf")))
    robust = [r for r in selected if _num(r.get("sel_freq")) >= ROBUST_SHARE]
    return {"selected_count": len(selected), "robust_count": len(robust),
            "robust_share": len(robust) / len(selected) if selected else 0.0,
            "threshold": ROBUST_SHARE,
            "rows": [dict(r, robust=_num(r.get("sel_freq")) >= ROBUST_SHARE)
                     for r in selected[: int(top_n or DEFAULT_TOP_N)]]}


def connectivity(rows, top_n=DEFAULT_TOP_N):
    """The candidates that add most to the biotope network (``gain_eca``); None without any gain."""
    rows = [r for r in rows or [] if _num(r.get("gain_eca")) > 0]
    if not rows:
        return None
    rows.sort(key=lambda r: (-_num(r.get("gain_eca")), _num(r.get("rank")) or float("inf")))
    return {"count": len(rows), "rows": rows[: int(top_n or DEFAULT_TOP_N)]}


def _co_benefits(row):
    return [key for key in ("water", "flood", "riparian", "corridor") if _num(row.get(f"share_{key}")) > 0]


#: rows of the land-use and exposure tables under this area (0.01 ha, the last digit the reports
#: print) are folded into one row per group; that row is left out when it would print "0,00 ha"
SMALL_M2 = 100.0
#: the area that prints as 0,00 ha (rounded to two decimals of ha)
PRINTS_ZERO_M2 = 50.0


def water(strips=None, corridors=None, landuse=None, zones=None, exposure=None, *, lang="de", known=None):
    """Riparian strips by band, development corridors, land use in strips, flood zones and exposure.

    Codes become words of *lang* (:mod:`report.wording`); *known* {land-use code: label} comes from
    the screening's output when the report has it. Zone 0 (the official zone) overlaps the
    estimated zones 1..n: their areas are given apart and joined only through
    ``outside_official_m2`` (the part of a zone outside zone 0), never added up.
    """
    if not any((strips, corridors, landuse, zones, exposure)):
        return None
    names = wording.landuse_names(lang, known)
    strip_bands = _strip_bands(strips or [], lang)
    zone_rows = _zone_rows(zones or [], lang)
    exposure_rows = _exposure_rows(exposure or [], names, {z["zone"]: z["label"] for z in zone_rows}, lang)
    official = [z for z in zone_rows if z["zone"] == 0]
    estimated = [z for z in zone_rows if _ring(z["zone"])]
    calibrated = [z for z in zone_rows if z["zone"] == CALIBRATED_ZONE]
    outside = [z["outside_official_m2"] for z in estimated]
    known_outside = bool(estimated) and all(o is not None for o in outside)
    return {
        "strip_area_m2": sum(b["area_m2"] for b in strip_bands),
        "strip_bands": strip_bands,
        "corridor_area_m2": sum(_num(r.get("area_m2")) for r in corridors or []),
        "corridor_count": len(corridors or []),
        "landuse": _landuse_rows(landuse or [], names, lang),
        "zones": zone_rows,
        "official_area_m2": official[0]["area_m2"] if official else None,
        "estimated_area_m2": sum(z["area_m2"] for z in estimated) if estimated else None,
        "estimated_outside_m2": sum(outside) if known_outside else None,
        "flooded_area_m2": (official[0]["area_m2"] if official else 0.0) + sum(outside) if known_outside else None,
        "calibrated_area_m2": calibrated[0]["area_m2"] if calibrated else None,
        "exposure": exposure_rows,
        "exposed_official_m2": _exposed(exposure_rows, lambda z: z == 0),
        "exposed_estimated_m2": _exposed(exposure_rows, _ring),
    }


def _strip_bands(strips, lang):
    """Strip area per (zone, band, rule), in zone and band order, with the zone and band in words."""
    bands = defaultdict(float)
    for r in strips:
        bands[(group_name(r.get("zone")), _num(r.get("band_from_m")), _num(r.get("band_to_m")),
               r.get("rule") or "")] += _num(r.get("area_m2"))
    return [{"zone": z, "zone_label": wording.strip_zone(z, lang), "band_from_m": a, "band_to_m": b,
             "band": wording.band(a, b, lang), "rule": rule, "area_m2": area}
            for (z, a, b, rule), area in sorted(bands.items(), key=lambda kv: (
                name_key(kv[0][0]), kv[0][1], kv[0][2], name_key(kv[0][3])))]


def _folded(groups, small_label):
    """{group: {name: area}} -> rows per group by area, those under SMALL_M2 folded into one row.

    The shares are of the group's whole area, the folded rows included.
    """
    rows = []
    for group, areas in groups.items():
        total = sum(areas.values())
        big = sorted(((n, a) for n, a in areas.items() if a >= SMALL_M2), key=lambda na: (-na[1], name_key(na[0])))
        small = [a for a in areas.values() if a < SMALL_M2]
        if sum(small) >= PRINTS_ZERO_M2:
            big.append((small_label.format(count=len(small)), sum(small)))
        rows += [{"group": group, "name": n, "area_m2": a, "share": a / total if total else 0.0} for n, a in big]
    return rows


def _landuse_rows(landuse, names, lang):
    """Land use per strip band and corridor (band order, then area), codes as names."""
    layers = defaultdict(lambda: defaultdict(float))
    for r in landuse:
        layers[r.get("layer") or ""][names(r.get("landuse"))] += _num(r.get("area_m2"))
    order = sorted(layers, key=_layer_order)
    small = wording.translate(lang, N_("{count} further land uses, each under 0.01 ha"))
    rows = _folded({layer: layers[layer] for layer in order}, small)
    return [{"layer": wording.landuse_layer(r["group"], lang), "layer_code": r["group"], "landuse": r["name"],
             "area_m2": r["area_m2"], "share": r["share"]} for r in rows]


def _layer_order(layer):
    """Strip bands by zone and distance, the corridor last."""
    match = re.match(r"strip (\w+) ([\d.]+)-", layer)
    return (0, match.group(1) != "outside", float(match.group(2))) if match else (1, False, 0.0)


def _zone_rows(zones, lang):
    """One row per flood zone in zone order, named in *lang* from its zone number and thresholds."""
    rows = sorted(({"zone": int(_num(r.get("zone"))), "threshold_m": _optional(r.get("threshold_m")),
                    "area_m2": _num(r.get("area_m2")),
                    "outside_official_m2": _optional(r.get("outside_official_m2"))}
                   for r in zones), key=lambda r: r["zone"])
    thresholds = {r["zone"]: r["threshold_m"] for r in rows}
    for r in rows:
        r["label"] = wording.flood_zone(r["zone"], r["threshold_m"], thresholds.get(r["zone"] - 1), lang)
    return rows


def _exposure_rows(exposure, names, zone_labels, lang):
    """Exposed area and count per zone and land use, small classes folded, zones named."""
    zones = defaultdict(lambda: defaultdict(float))
    counts = defaultdict(int)
    for r in exposure:
        zone, name = int(_num(r.get("zone"))), names(r.get("class"))
        zones[zone][name] += _num(r.get("area_m2"))
        counts[(zone, name)] += int(_num(r.get("count")))
    small = wording.translate(lang, N_("{count} further classes, each under 0.01 ha"))
    rows = _folded({z: zones[z] for z in sorted(zones)}, small)
    return [{"zone": r["group"], "zone_label": zone_labels.get(r["group"], str(r["group"])), "class": r["name"],
             "area_m2": r["area_m2"], "count": counts.get((r["group"], r["name"])), "share": r["share"]}
            for r in rows]


def _ring(zone):
    """True for the zones of the height thresholds (1 … 50): not the official zone 0, nor the
    calibrated zone, which both overlap them."""
    return 0 < zone < CALIBRATED_ZONE


def _exposed(rows, which):
    """Exposed m² in the zones for which *which*(zone) holds, None when there is none."""
    picked = [r["area_m2"] for r in rows if which(r["zone"])]
    return sum(picked) if picked else None


def _optional(value):
    """A number, or None for NULL / not a number."""
    try:
        v = float(value)
    except (TypeError, ValueError):
        return None
    return v if v == v else None


def network(patches=None, links=None, gaps=None, *, pc=None, eca_m2=None, top_n=DEFAULT_TOP_N):
    """Patches, links, components, the most important patches by dPC and the gaps."""
    if not any((patches, links, gaps)):
        return None
    patches, links, gaps = patches or [], links or [], gaps or []
    components = {r.get("component") for r in patches if r.get("component") is not None}
    top = sorted(patches, key=lambda r: -_num(r.get("dPC")))[: int(top_n or DEFAULT_TOP_N)]
    return {
        "patch_count": len(patches),
        "patch_area_m2": sum(_num(r.get("area_m2")) for r in patches),
        "component_count": len(components),
        "link_count": len(links),
        "link_length_m": sum(_num(r.get("length_m")) for r in links),
        "link_cost_mean": (sum(_num(r.get("cost")) for r in links) / len(links)) if links else None,
        "links": sorted(links, key=lambda r: _num(r.get("cost"))),
        "gap_count": len(gaps),
        "gap_length_m": sum(_num(r.get("length_m")) for r in gaps),
        "gaps": sorted(gaps, key=lambda r: -_num(r.get("length_m")))[: int(top_n or DEFAULT_TOP_N)],
        "top_patches": top,
        "pc": None if pc in (None, "") else _num(pc),
        "eca_m2": None if eca_m2 in (None, "") else _num(eca_m2),
    }


def display_values(spec, values, lang):
    """Field values as a reader sees them: choice labels instead of their stored values."""
    shown = dict(values)
    for f in spec.fields:
        if f.get("type") == "choice":
            for choice in f["choices"]:
                if isinstance(choice, dict) and choice.get("value") == values.get(f["id"]):
                    shown[f["id"]] = spec.text(choice.get("label"), lang) or choice["value"]
    return shown


def build_context(spec, values, tables, lang="de", *, maps=None, version=""):
    """Everything a template sees: ``f`` (field values), ``L`` (labels), the data sections, ``maps``.

    ``charts`` holds every chart id with None; the caller puts in the charts it drew from this context.
    """
    if lang not in LANGUAGES:
        lang = "de"
    t = tables or {}
    top_n = values.get("top_n") or DEFAULT_TOP_N
    labels = {key: spec.text(text, lang) for key, text in spec.labels.items()}
    comp = compensation(t.get("COMPENSATION"), t.get("SUMMARY"), values.get("demand"), top_n)
    known = {r.get("landuse"): r.get("landuse_label") for r in t.get("COMPENSATION") or []}
    landuse_name = wording.landuse_names(lang, known)
    for row in (comp or {}).get("top", []):
        row["co_benefits_text"] = ", ".join(labels.get(k, k) for k in row["co_benefits"])
    for row in (comp or {}).get("top", []) + ((comp or {}).get("comparison") or {}).get("differ", []):
        code = row.get("landuse")  # a layer without codes (e.g. edited by hand) may still carry labels
        row["landuse_name"] = row.get("landuse_label") or landuse_name(code) if _blank(code) else landuse_name(code)
    return {
        "lang": lang,
        "template": spec.name,
        "title": values.get("title") or spec.title_in(lang),
        "f": values,
        "show": display_values(spec, values, lang),
        "L": labels,
        "generated": datetime.date.today(),
        "version": version,
        "compensation": comp,
        "water": water(t.get("STRIPS"), t.get("CORRIDORS_RIVER"), t.get("STRIP_LANDUSE"),
                       t.get("FLOOD_ZONES"), t.get("FLOOD_EXPOSURE"), lang=lang, known=known),
        "network": network(t.get("PATCHES"), t.get("LINKS"), t.get("GAPS"),
                           pc=values.get("pc"), eca_m2=values.get("eca_m2"), top_n=top_n),
        "maps": {**{m["id"]: None for m in spec.maps}, **(maps or {})},
        "charts": dict.fromkeys(CHART_IDS),
        "provenance": [],  # filled by report.provenance.add_provenance from the layers' records
    }
