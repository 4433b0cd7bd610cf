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
from docx.shared import Pt, RGBColor

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


def kv(rows):
    """A two-column table: label expression, value expression."""
    return ("kv", rows)


def loop(headers, loop_expr, cells):
    """A table with a header row and one row per item of ``for <loop_expr>``."""
    return ("loop", headers, loop_expr, cells)


def image(expr):
    return ("image", expr)


def map_figure(map_id, heading=True):
    """The template's map *map_id*, shown only when it was drawn."""
    return [block(f"if maps.{map_id}"), *([h("{{ L.map }}")] if heading else []), image(f"maps.{map_id}"),
            block("endif")]


HEAD = [("title", "{{ title }}"), kv(META)]
REMARKS_AND_SOURCE = [
    block("if f.remarks"),
    h("{{ L.remarks }}"),
    p("{{ f.remarks }}"),
    block("endif"),
    p("{{ L.source }} {{ version }}, {{ generated|date }}"),
]

KOMPENSATION = [
    *HEAD,
    block("set c = compensation"),
    h("{{ L.summary }}"),
    kv([("L.candidates", "c.count|num"), ("L.area", "c.area_m2|ha"), ("L.uplift", "c.uplift_pts|num"),
        ("L.selected ~ ' (' ~ L.count ~ ')'", "c.selected_count|num"),
        ("L.selected ~ ' (' ~ L.area ~ ')'", "c.selected_area_m2|ha"),
        ("L.selected_pts", "c.selected_pts|num")]),
    block("if c.demand is not none"),
    kv([("L.demand", "c.demand|num"), ("L.demand_met", "c.demand_met|yesno"),
        ("L.demand_gap", "c.gap_pts|num")]),
    block("endif"),
    h("{{ L.per_municipality }}"),
    loop(["L.municipality", "L.count", "L.area", "L.uplift", "L.selected_pts"], "m in c.municipalities",
         ["m.name", "m.candidates|num", "m.area_m2|ha", "m.uplift_pts|num", "m.selected_pts|num"]),
    h("{{ L.top }}"),
    loop(["L.rank", "L.municipality", "L.landuse", "L.measure", "L.area", "L.uplift", "L.score",
          "L.co_benefits", "L.notes"], "r in c.top",
         ["r.rank|num", "r.municipality", "r.landuse_label", "r.measure", "r.area_m2|ha(2)",
          "r.uplift_pts|num", "r.score|num(2)", "r.co_benefits_text", "r.notes or ''"]),
    *map_figure("candidates"),
    h("{{ L.legal }}"),
    p("{{ L.legal_text }}"),
    *REMARKS_AND_SOURCE,
]

GEWAESSER = [
    *HEAD,
    block("set w = water"),
    h("{{ L.summary }}"),
    kv([("L.strip_area", "w.strip_area_m2|ha"), ("L.corridor_area", "w.corridor_area_m2|ha"),
        ("L.zone_area", "w.zone_area_m2|ha"), ("L.exposed_area", "w.exposed_area_m2|ha")]),
    h("{{ L.strips }}"),
    loop(["L.zone", "L.band", "L.rule", "L.area"], "b in w.strip_bands",
         ["b.zone", "b.band_from_m|num ~ '–' ~ b.band_to_m|num ~ ' m'", "b.rule", "b.area_m2|ha(2)"]),
    h("{{ L.conflicts }}"),
    p("{{ L.conflicts_text }}"),
    loop(["L.layer", "L.landuse", "L.area", "L.share"], "u in w.landuse",
         ["u.layer", "u.landuse", "u.area_m2|ha(2)", "u.share|pct ~ ' %'"]),
    h("{{ L.flood }}"),
    loop(["L.zone", "L.label", "L.area"], "z in w.zones", ["z.zone|num", "z.label", "z.area_m2|ha"]),
    h("{{ L.exposure }}"),
    loop(["L.zone", "L.class", "L.area", "L.count"], "e in w.exposure",
         ["e.zone|num", "e.class", "e.area_m2|ha(2)", "e.count|num"]),
    *map_figure("water"),
    h("{{ L.legal }}"),
    p("{{ L.legal_text }}"),
    *REMARKS_AND_SOURCE,
]

BIOTOPVERBUND = [
    *HEAD,
    block("set n = network"),
    h("{{ L.summary }}"),
    kv([("L.patches", "n.patch_count|num"), ("L.patch_area", "n.patch_area_m2|ha"),
        ("L.links", "n.link_count|num"), ("L.link_length", "(n.link_length_m / 1000)|num(1)"),
        ("L.components", "n.component_count|num"), ("L.gaps", "n.gap_count|num"),
        ("L.gap_length", "(n.gap_length_m / 1000)|num(2)")]),
    block("if n.pc is not none"),
    kv([("L.pc", "n.pc|num(6)"), ("L.eca", "n.eca_m2|ha")]),
    block("endif"),
    h("{{ L.top_patches }}"),
    loop(["L.patch", "L.area", "L.degree", "L.component", "L.dpc"], "t in n.top_patches",
         ["t.patch_id", "t.area_m2|ha", "t.degree|num", "t.component", "t.dPC|num(2)"]),
    h("{{ L.gap_list }}"),
    p("{{ L.gap_text }}"),
    loop(["L.from", "L.to", "L.length"], "g in n.gaps", ["g.from_id", "g.to_id", "g.length_m|num"]),
    *map_figure("network"),
    h("{{ L.method }}"),
    p("{{ L.method_text }}"),
    *REMARKS_AND_SOURCE,
]

BILANZ = [
    *HEAD,
    block("set c = compensation"),
    h("{{ L.balance }}"),
    p("{{ L.balance_text }}"),
    kv([("L.demand", "c.demand|num"), ("L.uplift", "c.uplift_pts|num"),
        ("L.selected_pts", "c.selected_pts|num"), ("L.demand_met", "c.demand_met|yesno"),
        ("L.demand_gap", "c.gap_pts|num")]),
    loop(["L.municipality", "L.area", "L.uplift", "L.share_supply", "L.selected_pts", "L.water",
          "L.flood", "L.riparian", "L.corridor"], "m in c.municipalities",
         ["m.name", "m.area_m2|ha", "m.uplift_pts|num", "m.share_of_supply|pct ~ ' %'",
          "m.selected_pts|num", "m.water_m2|ha", "m.flood_m2|ha", "m.riparian_m2|ha", "m.corridor_m2|ha"]),
    *map_figure("candidates", heading=False),
    block("if water"),
    h("{{ L.water_section }}"),
    kv([("L.strip_area", "water.strip_area_m2|ha"), ("L.corridor_area", "water.corridor_area_m2|ha"),
        ("L.zone_area", "water.zone_area_m2|ha")]),
    block("endif"),
    block("if network"),
    h("{{ L.network_section }}"),
    kv([("L.patches", "network.patch_count|num"), ("L.links", "network.link_count|num"),
        ("L.components", "network.component_count|num"), ("L.gaps", "network.gap_count|num")]),
    block("endif"),
    *map_figure("overview", heading=False),
    h("{{ L.legal }}"),
    p("{{ L.legal_text }}"),
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


def build(outline):
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Arial"
    style.font.size = Pt(10)
    for item in outline:
        kind = item[0]
        if kind == "title":
            heading = doc.add_heading(item[1], level=0)
            heading.runs[0].font.color.rgb = GREEN
        elif kind == "heading":
            doc.add_heading(item[1], level=1)
        elif kind == "para":
            doc.add_paragraph(item[1])
        elif kind == "block":
            doc.add_paragraph("{%p " + item[1] + " %}")
        elif kind == "kv":
            table = doc.add_table(rows=0, cols=2)
            table.style = "Table Grid"
            for label, value in item[1]:
                cells = table.add_row().cells
                cells[0].text = "{{ " + label + " }}"
                _shade(cells[0])
                cells[1].text = "{{ " + value + " }}"
            doc.add_paragraph()
        elif kind == "loop":
            _, headers, loop_expr, cells = item
            table = doc.add_table(rows=4, cols=len(headers))
            table.style = "Table Grid"
            for cell, label in zip(table.rows[0].cells, headers):
                cell.text = "{{ " + label + " }}"
                _shade(cell)
                cell.paragraphs[0].runs[0].bold = True
            table.rows[1].cells[0].text = "{%tr for " + loop_expr + " %}"
            for cell, value in zip(table.rows[2].cells, cells):
                cell.text = "{{ " + value + " }}"
            table.rows[3].cells[0].text = "{%tr endfor %}"
            doc.add_paragraph()
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
th { background: #e8f5e9; text-align: left; } td.num { text-align: right; }
figure img { max-width: 100%; } p.small { font-size: 0.85em; color: #555; }
</style>
</head>
<body>
"""
NUMERIC = ("|num", "|ha", "|pct")


def _td(expr):
    cls = ' class="num"' if any(f in expr for f in NUMERIC) else ""
    return f"<td{cls}>{{{{ {expr} }}}}</td>"


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
            out += [f"<tr><th>{{{{ {label} }}}}</th>{_td(value)}</tr>" for label, value in item[1]]
            out.append("</table>")
        elif kind == "loop":
            _, headers, loop_expr, cells = item
            out.append("<table>")
            out.append("<tr>" + "".join(f"<th>{{{{ {h} }}}}</th>" for h in headers) + "</tr>")
            out.append("{% for " + loop_expr + " %}")
            out.append("<tr>" + "".join(_td(c) for c in cells) + "</tr>")
            out.append("{% endfor %}")
            out.append("</table>")
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
