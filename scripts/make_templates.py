#!/usr/bin/env python3
"""Build the HTML and Word files of the built-in report templates from one outline each.

``template.html.j2`` and ``template.docx`` are committed so planners can open and edit them
(the .docx in Word or LibreOffice); this script is how they were made and how to rebuild both
after changing an outline below (``python scripts/make_templates.py [name ...]``). One outline
per template keeps the HTML and the Word report identical: same sections, same numbers, same
filters. Word tags are docxtpl's jinja2 dialect: ``{%p ... %}`` for a paragraph-level block,
``{%tr ... %}`` for a table-row loop. ``template.json`` (fields, slots, labels) is edited by hand.
"""
import sys
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = ROOT / "resources" / "templates"
GREEN = RGBColor(0x1B, 0x5E, 0x20)

META = [("L.project", "f.project"), ("L.author", "f.author"), ("L.date", "f.date|date"),
        ("L.status", "show.status")]


def h(text):
    return ("heading", text)


def p(text):
    return ("para", text)


def block(tag):
    """A paragraph holding only a docxtpl block tag, e.g. ``if c.demand is not none``."""
    return ("block", tag)


def kv(rows, widths=(65, 35)):
    """A two-column table: label expression, value expression[, condition for showing the row]."""
    return ("kv", rows, widths)


def loop(headers, loop_expr, cells, widths=None):
    """A table with a header row and one row per item of ``for <loop_expr>``.

    *widths*: the columns' shares of the text width in Word (they add up to 100), else equal.
    """
    return ("loop", headers, loop_expr, cells, widths)


def image(expr):
    return ("image", expr)


def chart_figure(chart_id):
    """The chart *chart_id* (report/charts.py), shown only when it was drawn (its data exist)."""
    return [block(f"if charts.{chart_id}"), image(f"charts.{chart_id}"), block("endif")]


def map_figure(map_id, heading=True):
    """The template's map *map_id*, shown only when it was drawn."""
    return [block(f"if maps.{map_id}"), *([h("{{ L.map }}")] if heading else []), image(f"maps.{map_id}"),
            block("endif")]


HEAD = [("title", "{{ title }}"), kv(META), ("toc",)]
REMARKS_AND_SOURCE = [
    block("if f.remarks"),
    h("{{ L.remarks }}"),
    p("{{ f.remarks }}"),
    block("endif"),
    p("{{ L.source }} {{ version }}, {{ generated|date }}"),
]
#: the valuation method the screening names in its field 'method'
METHOD = "{{ L.method }}: {{ c.method or L.method_unknown }}"
#: the flood figures: zone 0 and the estimated zones apart, joined only without double counting
FLOOD_ROWS = [
    ("L.official_area", "w.official_area_m2|ha", "w.official_area_m2 is not none"),
    ("L.estimated_area", "w.estimated_area_m2|ha", "w.estimated_area_m2 is not none"),
    ("L.estimated_outside", "w.estimated_outside_m2|ha",
     "w.official_area_m2 is not none and w.estimated_outside_m2 is not none"),
    ("L.flooded_area", "w.flooded_area_m2|ha", "w.official_area_m2 is not none and w.flooded_area_m2 is not none"),
    ("L.calibrated_area", "w.calibrated_area_m2|ha", "w.calibrated_area_m2 is not none"),
]

#: the appendix: how each result was made (report/provenance.py reads the record in its file)
PROVENANCE = [
    block("if provenance"), h("{{ L.prov_title }}"), p("{{ L.prov_intro }}"),
    block("for r in provenance"),
    kv([("L.prov_result", "r.result"), ("L.prov_algorithm", "r.algorithm"), ("L.prov_run", "r.run"),
        ("L.prov_versions", "r.versions"), ("L.prov_command", "r.command")], widths=(22, 78)),
    loop(["L.prov_parameter", "L.prov_value", "L.prov_default", "L.prov_source"], "x in r.parameters",
         ["x.description ~ ' (' ~ x.name ~ ')'", "x.value", "x.default", "x.source"], [34, 30, 14, 22]),
    loop(["L.prov_input", "L.prov_features", "L.prov_crs", "L.prov_modified"], "i in r.inputs",
         ["i.source", "i.features", "i.crs", "i.modified"], [52, 14, 14, 20]),
    block("if r.tables"),
    loop(["L.prov_table", "L.prov_checksum"], "t in r.tables", ["t.path", "t.sha256"], [45, 55]),
    block("endif"), block("endfor"), block("endif"),
]

#: what the city gets back: eco-points, nitrate leaching avoided and soil carbon of the measures (issue 24)
RETURNS = [
    block("if c.returns"), block("set g = c.returns"),
    h("{{ L.returns }}"), p("{{ L['returns_' ~ g.basis] }} {{ L.returns_text }}"),
    loop(["L.municipality", "L.area", "L.uplift", "L.nitrate_avoided", "L.co2_stored"], "m in g.rows",
         ["L.total if m.is_total else m.name", "m.area_m2|ha", "m.points|num", "m.n_kg|num", "m.co2_t|num(1)"],
         [28, 14, 18, 20, 20]),
    kv([("L.without_n", "g.total.without_n|num", "g.total.without_n"),
        ("L.without_co2", "g.total.without_co2|num", "g.total.without_co2")]),
    p("{{ L.returns_method }}"),
    block("endif"),
]

#: a comparison cell: the value formatted by its row's unit
_BY_UNIT = "(x.{0}|ha) if x.unit == 'ha' else ((x.{0}|pct ~ ' %') if x.unit == 'pct' else x.{0}|num)"
#: beyond the walk by rank: the optimal selection against it, the robust picks, the network gain
CHOICE = [
    block("if c.comparison"), block("set v = c.comparison"),
    h("{{ L.comparison }}"), p("{{ L.comparison_text }}"),
    loop(["L.figure", "L.by_rank", "L.optimal"], "x in v.rows",
         ["L['cmp_' ~ x.key]", _BY_UNIT.format("greedy"), _BY_UNIT.format("optimal")], [50, 25, 25]),
    kv([("L.in_both", "v.both|num"), ("L.only_optimal", "v.only_optimal|num"),
        ("L.only_greedy", "v.only_greedy|num"), ("L.farmland_saved", "v.farmland_saved_m2|ha")]),
    loop(["L.municipality", "L.area ~ ' ' ~ L.by_rank", "L.area ~ ' ' ~ L.optimal",
          "L.selected_pts ~ ' ' ~ L.by_rank", "L.selected_pts ~ ' ' ~ L.optimal"], "m in v.municipalities",
         ["m.name", "m.greedy_area_m2|ha", "m.optimal_area_m2|ha", "m.greedy_pts|num", "m.optimal_pts|num"],
         [28, 16, 16, 20, 20]),
    block("if v.differ"),
    p("{{ L.differ_text }}"),
    loop(["L.rank", "L.municipality", "L.landuse", "L.area", "L.uplift", "L.chosen_by"], "r in v.differ",
         ["r.rank|num", "r.municipality", "r.landuse_name", "r.area_m2|ha(2)", "r.uplift_pts|num",
          "L.optimal if r.only == 'optimal' else L.by_rank"], [8, 20, 28, 12, 16, 16]),
    block("endif"), block("endif"),
    block("if c.robust"), block("set b = c.robust"),
    h("{{ L.robust }}"), p("{{ L.robust_text }}"),
    kv([("L.robust_count", "b.robust_count|num ~ ' / ' ~ b.selected_count|num"),
        ("L.robust_share", "b.robust_share|pct ~ ' %'")]),
    loop(["L.rank", "L.municipality", "L.area", "L.sel_freq", "L.rank_range", "L.robust_pick"], "r in b.rows",
         ["r.rank|num", "r.municipality", "r.area_m2|ha(2)", "r.sel_freq|pct(0) ~ ' %'",
          "r.rank_min|num ~ '–' ~ r.rank_max|num", "r.robust|yesno"], [8, 28, 14, 16, 18, 16]),
    block("endif"),
    block("if c.connectivity"), block("set g = c.connectivity"),
    h("{{ L.connectivity }}"), p("{{ L.connectivity_text }}"),
    loop(["L.rank", "L.municipality", "L.area", "L.gain_eca", "L.selected"], "r in g.rows",
         ["r.rank|num", "r.municipality", "r.area_m2|ha(2)", "r.gain_eca|ha(2)", "r.selected|yesno"],
         [10, 34, 18, 20, 18]),
    block("endif"),
]

KOMPENSATION = [
    *HEAD,
    block("set c = compensation"),
    h("{{ L.summary }}"),
    p(METHOD),
    kv([("L.candidates", "c.count|num"), ("L.area", "c.area_m2|ha"), ("L.uplift", "c.uplift_pts|num"),
        ("L.selected ~ ' (' ~ L.count ~ ')'", "c.selected_count|num"),
        ("L.selected ~ ' (' ~ L.area ~ ')'", "c.selected_area_m2|ha"),
        ("L.selected_pts", "c.selected_pts|num"),
        ("L.demand", "c.demand|num", "c.demand is not none"),
        ("L.demand_met", "c.demand_met|yesno", "c.demand is not none"),
        ("L.demand_gap", "c.gap_pts|num", "c.demand is not none")]),
    *chart_figure("demand"),
    h("{{ L.per_municipality }}"),
    loop(["L.municipality", "L.count", "L.area", "L.uplift", "L.selected_pts"], "m in c.municipalities",
         ["m.name", "m.candidates|num", "m.area_m2|ha", "m.uplift_pts|num", "m.selected_pts|num"],
         [32, 12, 16, 20, 20]),
    *chart_figure("points_by_municipality"),
    *RETURNS,
    h("{{ L.top }}"),
    loop(["L.rank", "L.municipality", "L.landuse_measure", "L.area", "L.uplift", "L.co_benefits"], "r in c.top",
         ["r.rank|num", "r.municipality", "r.landuse_name ~ ' → ' ~ r.measure", "r.area_m2|ha(2)",
          "r.uplift_pts|num", "r.co_benefits_text"],
         [7, 15, 38, 10, 15, 15]),
    block("if c.top|selectattr('notes')|list"),
    h("{{ L.notes }}"),
    loop(["L.rank", "L.notes"], "r in c.top if r.notes", ["r.rank|num", "r.notes"], [7, 93]),
    block("endif"),
    *CHOICE,
    *map_figure("candidates"),
    h("{{ L.legal }}"),
    p("{{ L.legal_text }}"),
    *PROVENANCE,
    *REMARKS_AND_SOURCE,
]

GEWAESSER = [
    *HEAD,
    block("set w = water"),
    h("{{ L.summary }}"),
    kv([("L.strip_area", "w.strip_area_m2|ha"), ("L.corridor_area", "w.corridor_area_m2|ha"), *FLOOD_ROWS,
        ("L.exposed_official", "w.exposed_official_m2|ha", "w.exposed_official_m2 is not none"),
        ("L.exposed_estimated", "w.exposed_estimated_m2|ha", "w.exposed_estimated_m2 is not none")]),
    h("{{ L.strips }}"),
    loop(["L.zone", "L.band", "L.rule", "L.area"], "b in w.strip_bands",
         ["b.zone_label", "b.band", "b.rule", "b.area_m2|ha(2)"], [30, 14, 40, 16]),
    h("{{ L.conflicts }}"),
    p("{{ L.conflicts_text }}"),
    loop(["L.layer", "L.landuse", "L.area", "L.share"], "u in w.landuse",
         ["u.layer", "u.landuse", "u.area_m2|ha(2)", "u.share|pct ~ ' %'"], [38, 34, 14, 14]),
    *chart_figure("strip_landuse"),
    h("{{ L.flood }}"),
    p("{{ L.flood_text }}"),
    loop(["L.zone", "L.label", "L.area", "L.outside_official"], "z in w.zones",
         ["z.zone|num", "z.label", "z.area_m2|ha", "'' if w.official_area_m2 is none or z.outside_official_m2 is none else z.outside_official_m2|ha"],
         [9, 51, 20, 20]),
    *chart_figure("zone_areas"),
    h("{{ L.exposure }}"),
    loop(["L.zone", "L.class", "L.area", "L.count"], "e in w.exposure",
         ["e.zone|num", "e.class", "e.area_m2|ha(2)", "e.count|num"], [9, 59, 18, 14]),
    *chart_figure("flood_landuse"),
    *map_figure("water"),
    h("{{ L.legal }}"),
    p("{{ L.legal_text }}"),
    *PROVENANCE,
    *REMARKS_AND_SOURCE,
]

BIOTOPVERBUND = [
    *HEAD,
    block("set n = network"),
    h("{{ L.summary }}"),
    kv([("L.patches", "n.patch_count|num"), ("L.patch_area", "n.patch_area_m2|ha"),
        ("L.links", "n.link_count|num"), ("L.link_length", "(n.link_length_m / 1000)|num(1)"),
        ("L.components", "n.component_count|num"), ("L.gaps", "n.gap_count|num"),
        ("L.gap_length", "(n.gap_length_m / 1000)|num(2)"),
        ("L.pc", "n.pc|num(6)", "n.pc is not none"), ("L.eca", "n.eca_m2|ha", "n.eca_m2 is not none")]),
    h("{{ L.top_patches }}"),
    loop(["L.patch", "L.area", "L.degree", "L.component", "L.dpc"], "t in n.top_patches",
         ["t.patch_id", "t.area_m2|ha", "t.degree|num", "t.component", "t.dPC|num(2)"], [24, 20, 18, 20, 18]),
    h("{{ L.gap_list }}"),
    p("{{ L.gap_text }}"),
    loop(["L.from", "L.to", "L.length"], "g in n.gaps", ["g.from_id", "g.to_id", "g.length_m|num"],
         [34, 33, 33]),
    *map_figure("network"),
    h("{{ L.method }}"),
    p("{{ L.method_text }}"),
    *PROVENANCE,
    *REMARKS_AND_SOURCE,
]

BILANZ = [
    *HEAD,
    block("set c = compensation"),
    h("{{ L.balance }}"),
    p("{{ L.balance_text }}"),
    p(METHOD),
    kv([("L.demand", "c.demand|num", "c.demand is not none"), ("L.uplift", "c.uplift_pts|num"),
        ("L.selected_pts", "c.selected_pts|num"),
        ("L.demand_met", "c.demand_met|yesno", "c.demand is not none"),
        ("L.demand_gap", "c.gap_pts|num", "c.demand is not none")]),
    *chart_figure("demand"),
    h("{{ L.per_municipality }}"),
    loop(["L.municipality", "L.area", "L.uplift", "L.share_supply", "L.selected_pts"], "m in c.municipalities",
         ["m.name", "m.area_m2|ha", "m.uplift_pts|num", "m.share_of_supply|pct ~ ' %'", "m.selected_pts|num"],
         [30, 16, 20, 14, 20]),
    *chart_figure("points_by_municipality"),
    h("{{ L.benefits }}"),
    p("{{ L.benefits_text }}"),
    loop(["L.municipality", "L.water", "L.flood", "L.riparian", "L.corridor"], "m in c.municipalities",
         ["m.name", "m.water_m2|ha", "m.flood_m2|ha", "m.riparian_m2|ha", "m.corridor_m2|ha"],
         [32, 17, 17, 17, 17]),
    *RETURNS,
    *CHOICE,
    *map_figure("candidates", heading=False),
    block("if water"),
    block("set w = water"),
    h("{{ L.water_section }}"),
    kv([("L.strip_area", "w.strip_area_m2|ha"), ("L.corridor_area", "w.corridor_area_m2|ha"), *FLOOD_ROWS]),
    block("endif"),
    block("if network"),
    h("{{ L.network_section }}"),
    kv([("L.patches", "network.patch_count|num"), ("L.links", "network.link_count|num"),
        ("L.components", "network.component_count|num"), ("L.gaps", "network.gap_count|num")]),
    block("endif"),
    *map_figure("overview", heading=False),
    h("{{ L.legal }}"),
    p("{{ L.legal_text }}"),
    *PROVENANCE,
    *REMARKS_AND_SOURCE,
]

OUTLINES = {"kompensation": KOMPENSATION, "gewaesser": GEWAESSER, "biotopverbund": BIOTOPVERBUND,
            "stadt-land-bilanz": BILANZ}


def _shade(cell, fill="E8F5E9"):
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), fill)
    cell._tc.get_or_add_tcPr().append(shading)


def _on(parent, tag, **attrs):
    """Append the element *tag* with the w: attributes *attrs* to *parent*; returns it."""
    element = OxmlElement(tag)
    for key, value in attrs.items():
        element.set(qn(f"w:{key}"), value)
    parent.append(element)
    return element


def _field(paragraph, instruction, shown=""):
    """A Word field (PAGE, NUMPAGES, TOC ...) in *paragraph*, showing *shown* until Word updates it."""
    for kind, text in (("begin", None), (None, instruction), ("separate", None), (None, shown), ("end", None)):
        run = paragraph.add_run()
        if kind:
            _on(run._r, "w:fldChar", fldCharType=kind)
        elif text is instruction:
            _on(run._r, "w:instrText").text = f" {instruction} "
        else:
            run.text = text


def _page_setup(doc):
    """A4 portrait, 20 mm margins; the header is the letterhead slot, the footer numbers the pages."""
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.left_margin = section.right_margin = section.top_margin = section.bottom_margin = Mm(20)
    header = section.header.paragraphs[0]
    header.text = "{{ f.author }}"
    header.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    header.runs[0].font.size = Pt(8)
    footer = section.footer.paragraphs[0]
    footer.add_run("{{ title }} · {{ L.page }} ")
    _field(footer, "PAGE", "1")
    footer.add_run(" / ")
    _field(footer, "NUMPAGES", "1")
    for run in footer.runs:
        run.font.size = Pt(8)
    # Word updates the table of contents and the page count when the file is opened
    _on(doc.settings.element, "w:updateFields", val="true")


def _styles(doc):
    doc.styles["Normal"].font.name = "Arial"
    doc.styles["Normal"].font.size = Pt(10)
    for name, size in (("Title", 20), ("Heading 1", 13)):
        doc.styles[name].font.name = "Arial"
        doc.styles[name].font.size = Pt(size)
        doc.styles[name].font.color.rgb = GREEN


def _fixed(table, widths, text_width_mm=170):
    """Fixed column widths (shares of the text width), the header row repeated on every page."""
    widths = widths or [100 / len(table.columns)] * len(table.columns)
    table.autofit = False
    _on(table._tbl.tblPr, "w:tblLayout", type="fixed")
    for row in table.rows:
        _on(row._tr.get_or_add_trPr(), "w:cantSplit")
        for cell, share in zip(row.cells, widths):
            cell.width = Mm(text_width_mm * share / 100)
    _on(table.rows[0]._tr.get_or_add_trPr(), "w:tblHeader")


def _cell(cell, expr, bold=False):
    cell.text = "{{ " + expr + " }}"
    paragraph = cell.paragraphs[0]
    if any(f in expr for f in NUMERIC):
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    run = paragraph.runs[0]
    run.font.size = Pt(9)
    run.bold = bold


def _kv_table(doc, rows, widths):
    """Label/value rows; a row with a condition is framed by ``{%tr if %}`` / ``{%tr endif %}`` rows."""
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value, *condition in rows:
        if condition:
            table.add_row().cells[0].text = "{%tr if " + condition[0] + " %}"
        cells = table.add_row().cells
        _cell(cells[0], label)
        _shade(cells[0])
        _cell(cells[1], value)
        if condition:
            table.add_row().cells[0].text = "{%tr endif %}"
    _fixed(table, widths)
    table.rows[0]._tr.trPr.remove(table.rows[0]._tr.trPr[-1])  # a key-value table has no header row
    doc.add_paragraph()


def _loop_table(doc, headers, loop_expr, cells, widths):
    table = doc.add_table(rows=4, cols=len(headers))
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, headers):
        _cell(cell, label, bold=True)
        _shade(cell)
    table.rows[1].cells[0].text = "{%tr for " + loop_expr + " %}"
    for cell, value in zip(table.rows[2].cells, cells):
        _cell(cell, value)
    table.rows[3].cells[0].text = "{%tr endfor %}"
    _fixed(table, widths)
    doc.add_paragraph()


def _toc(doc):
    """The table of contents (a TOC field over the headings; Word fills it in when the file opens)."""
    doc.add_paragraph("{{ L.contents }}", style="TOC Heading" if "TOC Heading" in doc.styles else None)
    _field(doc.add_paragraph(), 'TOC \\o "1-2" \\h \\z \\u', "{{ L.contents_hint }}")


def build(outline):
    doc = Document()
    _styles(doc)
    _page_setup(doc)
    for item in outline:
        kind = item[0]
        if kind == "title":
            doc.add_heading(item[1], level=0)
        elif kind == "toc":
            _toc(doc)
        elif kind == "heading":
            doc.add_heading(item[1], level=1)
        elif kind == "para":
            doc.add_paragraph(item[1])
        elif kind == "block":
            doc.add_paragraph("{%p " + item[1] + " %}")
        elif kind == "kv":
            _kv_table(doc, *item[1:])
        elif kind == "loop":
            _loop_table(doc, *item[1:])
        elif kind == "image":
            paragraph = doc.add_paragraph("{{ " + item[1] + " }}")
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        else:
            raise ValueError(kind)
    return doc


HTML_HEAD = """<!DOCTYPE html>
<html lang="{{ lang }}">
<head>
<meta charset="utf-8">
<title>{{ title }}</title>
<style>
body { font-family: "Source Sans Pro", Arial, sans-serif; max-width: 60em; margin: 2em auto; color: #222; }
h1 { color: #1b5e20; } h2 { color: #2e7d32; border-bottom: 1px solid #c8e6c9; }
table { border-collapse: collapse; margin: 0.5em 0 1em; } th, td { border: 1px solid #bbb; padding: 0.2em 0.5em; }
th { background: #e8f5e9; text-align: left; } td.num { text-align: right; white-space: nowrap; }
figure img { max-width: 100%; } p.small { font-size: 0.85em; color: #555; }
</style>
</head>
<body>
"""
NUMERIC = ("|num", "|ha", "|pct")


def _td(expr):
    cls = ' class="num"' if any(f in expr for f in NUMERIC) else ""
    return f"<td{cls}>{{{{ {expr} }}}}</td>"


def _kv_row(label, value, condition=None):
    row = f"<tr><th>{{{{ {label} }}}}</th>{_td(value)}</tr>"
    return row if condition is None else "{% if " + condition + " %}" + row + "{% endif %}"


def build_html(outline):
    out = [HTML_HEAD]
    for item in outline:
        kind = item[0]
        if kind == "title":
            out.append(f"<h1>{item[1]}</h1>")
        elif kind == "heading":
            out.append(f"<h2>{item[1]}</h2>")
        elif kind == "para":
            small = ' class="small"' if item is outline[-1] else ""
            out.append(f"<p{small}>{item[1]}</p>")
        elif kind == "block":
            out.append("{% " + item[1] + " %}")
        elif kind == "kv":
            out.append("<table>")
            out += [_kv_row(*row) for row in item[1]]
            out.append("</table>")
        elif kind == "loop":
            _, headers, loop_expr, cells, _widths = item
            out.append("<table>")
            out.append("<thead><tr>" + "".join(f"<th>{{{{ {h} }}}}</th>" for h in headers) + "</tr></thead>")
            out.append("<tbody>")
            out.append("{% for " + loop_expr + " %}")
            out.append("<tr>" + "".join(_td(c) for c in cells) + "</tr>")
            out.append("{% endfor %}")
            out.append("</tbody></table>")
        elif kind == "toc":
            continue  # a web page scrolls; Word gets a table of contents
        elif kind == "image":
            out.append(f'<figure><img src="{{{{ {item[1]} }}}}" alt="{{{{ L.map }}}}"></figure>')
        else:
            raise ValueError(kind)
    out.append("</body>\n</html>\n")
    return "\n".join(out)


def main(names=None):
    for name in names or OUTLINES:
        folder = TEMPLATES / name
        build(OUTLINES[name]).save(folder / "template.docx")
        (folder / "template.html.j2").write_text(build_html(OUTLINES[name]), encoding="utf-8")
        print(f"templates: wrote {folder.relative_to(ROOT)}/template.docx and template.html.j2")


if __name__ == "__main__":
    main(sys.argv[1:])
