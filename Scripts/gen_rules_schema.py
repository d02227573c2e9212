#!/usr/bin/env python3
"""Writes Schemas/rules.schema.json from the rules loader (Sources/BrushfireCore/Rules/Rules+YAML.swift):
every section, key, value kind and bound the loader accepts. Run after adding a rule setting; the test
suite checks that the built-in rules and sample files validate against the result."""
import json
import pathlib
import re

root = pathlib.Path(__file__).resolve().parent.parent
source = (root / "Sources/BrushfireCore/Rules/Rules+YAML.swift").read_text()

sections = {}
for match in re.finditer(r'case "([a-z_]+)":\s*section\(value, key\) \{ r, k, v, p in r\.(\w+)\(', source):
    sections[match.group(1)] = match.group(2)

duration = {
    "oneOf": [
        {"type": "integer", "minimum": 0, "description": "milliseconds"},
        {"type": "string", "pattern": r"^[0-9]+(\.[0-9]+)?(ms|s|m|h|d)$"},
    ]
}
properties = {}
for name, function in sections.items():
    body = re.search(r"mutating func " + function + r"\(.*?\n(.*?)\n        default:", source, re.S).group(1)
    keys = {}
    for case in re.finditer(r'case "([a-z_]+)": (\w+)\(v, p, &s\.\w+(?:, min: ([-0-9._]+))?(?:, max: ([-0-9._]+))?\)', body):
        key, kind, low, high = case.groups()
        low = None if low is None else float(low.replace("_", ""))
        high = None if high is None else float(high.replace("_", ""))
        if kind == "boolean":
            schema = {"type": "boolean"}
        elif kind == "integer":
            schema = {"type": "integer", "minimum": int(low)}
        elif kind == "number":
            schema = {"type": "number", "minimum": low}
            if high is not None:
                schema["maximum"] = high
        elif kind == "severity":
            schema = {"enum": ["info", "low", "medium", "high", "critical"]}
        elif kind == "locale":
            schema = {"enum": ["en", "zh-CN"]}
        elif kind == "duration":
            schema = {"$ref": "#/$defs/duration", "description": f"at least {int(low)} ms"}
        elif kind == "durations":
            schema = {"type": "array", "minItems": 1, "items": {"$ref": "#/$defs/duration"}}
        else:
            raise SystemExit(f"unknown value kind {kind} for {name}.{key}")
        keys[key] = schema
    properties[name] = {"type": "object", "additionalProperties": False, "properties": keys}

schema = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://brushfire.example/schemas/rules.schema.json",
    "title": "Brushfire rules file",
    "description": "Thresholds of every detector (YAML). Any key may be left out: the built-in default applies "
    "(`brushfire rules defaults` prints them). Durations are milliseconds or text such as 250ms, 90s, 2m, 1h, 3d.",
    "type": "object",
    "additionalProperties": False,
    "properties": properties,
    "$defs": {"duration": duration},
}
(root / "Schemas/rules.schema.json").write_text(json.dumps(schema, indent=2, ensure_ascii=False) + "\n")
print(f"Schemas/rules.schema.json: {len(properties)} sections, {sum(len(p['properties']) for p in properties.values())} settings")
