#!/usr/bin/env python3
"""Writes Sources/PraxisWeb/BuiltInWebTemplates.swift from Config/templates/web/, so the compiled-in
defaults are the shipped files (WebTemplatesTests checks that they are). Run from the repository
root after editing a file there."""
import os

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
FOLDER = os.path.join(ROOT, "Config", "templates", "web")

lines = [
    "/// The archive's default templates and stylesheet, the same text as `Config/templates/web/`",
    "/// (written by `scripts/write-web-templates.py`; a test keeps them equal): compiled in so that a",
    "/// page can always be rendered, whatever is installed.",
    "enum BuiltInWebTemplates {",
    "    static let files: [String: String] = [",
]
for name in sorted(os.listdir(FOLDER)):
    with open(os.path.join(FOLDER, name), encoding="utf-8") as file:
        text = file.read()
    assert '"##' not in text, name
    lines.append(f'        "{name}": ##"""\n{text}\n"""##,')
lines += ["    ]", "}"]
with open(os.path.join(ROOT, "Sources", "PraxisWeb", "BuiltInWebTemplates.swift"), "w", encoding="utf-8") as out:
    out.write("\n".join(lines) + "\n")
