#!/usr/bin/env python3
"""Figures of the shipped code for reviews: longest and most complex functions, module sizes.

``.venv/bin/python scripts/code_figures.py [--top N]`` prints the N longest functions with their
McCabe complexity (as ruff's C901 computes it) and argument count, and the largest modules.
"""
import argparse
import ast
import json
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SHIPPED = ("algorithms", "kernels", "report", "ui", "plugin.py", "dependencies.py", "compat.py", "kinds.py", "about.py", "styles.py",
           "i18n.py", "__init__.py")


def shipped_files():
    files = []
    for entry in SHIPPED:
        path = ROOT / entry
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.exists() else []
    return files


def complexities():
    """{(file, line): complexity} of every function, from ruff (C901 with limit 0)."""
    ruff = Path(sys.executable).with_name("ruff")
    out = subprocess.run([str(ruff), "check", "--no-cache", "--select", "C901", "--config",
                          "lint.mccabe.max-complexity=0", "--output-format", "json", "--exit-zero",
                          *map(str, shipped_files())], capture_output=True, text=True, cwd=ROOT).stdout
    found = {}
    for item in json.loads(out or "[]"):
        number = re.search(r"\((\d+) > 0\)", item["message"])
        found[(Path(item["filename"]).resolve(), item["location"]["row"])] = int(number.group(1))
    return found


def functions():
    rows = []
    cc = complexities()
    for file in shipped_files():
        tree = ast.parse(file.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                args = node.args
                count = len(args.posonlyargs) + len(args.args) + len(args.kwonlyargs)
                rows.append((node.end_lineno - node.lineno + 1, cc.get((file, node.lineno), 1), count,
                             f"{file.relative_to(ROOT)}:{node.lineno} {node.name}"))
    return rows


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=10)
    top = parser.parse_args().top
    rows = functions()
    print(f"{len(rows)} functions in {len(shipped_files())} shipped files")
    print("longest functions (lines, complexity, arguments):")
    for lines, cc, count, name in sorted(rows, reverse=True)[:top]:
        print(f"  {lines:4d} lines  cc {cc:2d}  args {count:2d}  {name}")
    print("most complex functions:")
    for lines, cc, count, name in sorted(rows, key=lambda r: (-r[1], -r[0]))[:top]:
        print(f"  cc {cc:2d}  {lines:4d} lines  args {count:2d}  {name}")
    print(f"functions over complexity 10: {sum(r[1] > 10 for r in rows)}; over 8 arguments: "
          f"{sum(r[2] > 8 for r in rows)}; over 60 lines: {sum(r[0] > 60 for r in rows)}")
    print("largest modules (lines):")
    sizes = sorted(((len(f.read_text(encoding='utf-8').splitlines()), f) for f in shipped_files()), reverse=True)
    for size, file in sizes[:top]:
        print(f"  {size:5d}  {file.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
