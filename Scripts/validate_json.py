#!/usr/bin/env python3
"""Validate JSON Lines against one of Brushfire's JSON Schemas (draft 2020-12).

Usage:
    Scripts/validate_json.py SCHEMA [--jsonl FILE]

Reads FILE (or standard input) as bytes, splits it on LF and judges every line on its own. Prints one JSON
object per input line to standard output, in order:

    {"line": 1, "verdict": "valid"}
    {"line": 2, "verdict": "invalid", "reason": "ts: '2025-02-30T00:00:00Z' is not a 'date-time'"}

A line is invalid when it is not UTF-8, is not exactly one JSON value (NaN and Infinity are not JSON; trailing
garbage is not allowed; surrounding spaces, tabs and CRs are), or does not satisfy the schema. Formats are
checked (`date-time` through rfc3339-validator).

Exit status: 0 when every line is valid, 1 when some line is invalid, 2 when the schema or the environment is
unusable (for example rfc3339-validator is missing, so `date-time` would go unchecked).

Needs: python3 -m pip install jsonschema==4.26.0 rfc3339-validator==0.1.4
"""

import argparse
import json
import sys

try:
    import jsonschema
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match
except ImportError:
    print("validate_json.py: jsonschema is not installed (python3 -m pip install jsonschema)", file=sys.stderr)
    sys.exit(2)


def reject_constant(name):
    raise ValueError(f"malformed JSON: {name} is not a JSON number")


def load_line(raw):
    """The JSON value of one line, or raises ValueError saying why the line is not JSON."""
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ValueError(f"not UTF-8: {error.reason} at byte {error.start}") from None
    try:
        return json.loads(text, parse_constant=reject_constant)
    except json.JSONDecodeError as error:
        raise ValueError(f"malformed JSON: {error.msg} at column {error.colno}") from None
    except RecursionError:
        raise ValueError("malformed JSON: nested too deeply") from None


def describe(error):
    path = ".".join(str(part) for part in error.absolute_path)
    message = error.message
    if len(message) > 300:
        message = message[:300] + "..."
    text = f"{path}: {message}" if path else message
    # Lone surrogates from escapes like "\ud800" cannot be written as UTF-8; keep the report plain ASCII.
    return text.encode("ascii", "backslashreplace").decode("ascii")


def main():
    parser = argparse.ArgumentParser(description="Validate JSON Lines against a JSON Schema (draft 2020-12).")
    parser.add_argument("schema", help="path of the schema, e.g. Schemas/event.schema.json")
    parser.add_argument("--jsonl", metavar="FILE", help="JSON Lines file to validate (default: standard input)")
    args = parser.parse_args()

    # JSON puts no limit on the digits of a number; Python does unless told otherwise.
    if hasattr(sys, "set_int_max_str_digits"):
        sys.set_int_max_str_digits(0)

    format_checker = Draft202012Validator.FORMAT_CHECKER
    if "date-time" not in format_checker.checkers:
        print("validate_json.py: rfc3339-validator is not installed, date-time cannot be checked "
              "(python3 -m pip install rfc3339-validator)", file=sys.stderr)
        return 2

    try:
        with open(args.schema, "rb") as handle:
            schema = json.load(handle)
        Draft202012Validator.check_schema(schema)
    except (OSError, ValueError, jsonschema.SchemaError) as error:
        print(f"validate_json.py: {args.schema}: unusable schema: {error}", file=sys.stderr)
        return 2
    validator = Draft202012Validator(schema, format_checker=format_checker)

    if args.jsonl:
        try:
            with open(args.jsonl, "rb") as handle:
                data = handle.read()
        except OSError as error:
            print(f"validate_json.py: {error}", file=sys.stderr)
            return 2
    else:
        data = sys.stdin.buffer.read()

    lines = data.split(b"\n")
    if lines and lines[-1] == b"":
        lines.pop()

    out = sys.stdout
    all_valid = True
    for number, raw in enumerate(lines, start=1):
        try:
            instance = load_line(raw)
            error = best_match(validator.iter_errors(instance))
            reason = describe(error) if error is not None else None
        except ValueError as error:
            reason = str(error)
        if reason is None:
            out.write(json.dumps({"line": number, "verdict": "valid"}) + "\n")
        else:
            all_valid = False
            out.write(json.dumps({"line": number, "verdict": "invalid", "reason": reason}) + "\n")
    return 0 if all_valid else 1


if __name__ == "__main__":
    sys.exit(main())
