#!/usr/bin/env python3
"""Independent reference verdicts for Brushfire's identity normalisers.

Reads a corpus as JSON Lines, one object per line:
    {"id": 7, "type": "phone", "text": "+86 138-1234-5678"}
    {"id": 8, "type": "address", "text": "浙江省金华市义乌市稠城街道工人北路123号"}
and prints one JSON object per input line, in input order, with the reference's verdict in Brushfire's terms:
    phone:   {"id", "kind": "mobile"|"landline"|"international"|"other"|"invalid", "canonical": str|null}
             from Google's libphonenumber (PyPI `phonenumbers`), parsed with default region CN;
    address: {"id", "province", "city", "district"} from PyPI `cpca`; cpca's "市辖区" (the city level of the four
             municipalities) is reported as the municipality itself, Brushfire's convention.

Usage:
    Scripts/reference_identity.py CORPUS.jsonl      (or the corpus on stdin)
    Scripts/reference_identity.py --check           exits 0 when both packages import, 3 otherwise
Requires: pip install phonenumbers cpca
"""

import json
import sys


def missing_packages():
    missing = []
    for name in ("phonenumbers", "cpca"):
        try:
            __import__(name)
        except Exception:  # noqa: BLE001 - any import failure means the reference is unavailable
            missing.append(name)
    return missing


def phone_verdict(text):
    import phonenumbers
    from phonenumbers import PhoneNumberFormat, PhoneNumberType

    try:
        number = phonenumbers.parse(text, "CN")
    except phonenumbers.NumberParseException:
        return {"kind": "invalid", "canonical": None}
    if not phonenumbers.is_valid_number(number):
        return {"kind": "invalid", "canonical": None}
    if number.country_code != 86:
        return {"kind": "international", "canonical": phonenumbers.format_number(number, PhoneNumberFormat.E164)}
    national = str(number.national_number)
    kind = phonenumbers.number_type(number)
    if kind in (PhoneNumberType.MOBILE, PhoneNumberType.FIXED_LINE_OR_MOBILE) and national.startswith("1") \
            and len(national) == 11:
        return {"kind": "mobile", "canonical": national}
    if kind == PhoneNumberType.FIXED_LINE:
        return {"kind": "landline", "canonical": "0" + national}
    return {"kind": "other", "canonical": national}


def address_verdicts(texts):
    import cpca

    if not texts:
        return []
    frame = cpca.transform(texts)
    verdicts = []
    for province, city, district in zip(frame["省"], frame["市"], frame["区"]):
        province = province if isinstance(province, str) and province else None
        city = city if isinstance(city, str) and city else None
        district = district if isinstance(district, str) and district else None
        if city in ("市辖区", "县"):
            city = province
        verdicts.append({"province": province, "city": city, "district": district})
    return verdicts


def main(argv):
    if len(argv) > 1 and argv[1] == "--check":
        missing = missing_packages()
        if missing:
            print("missing Python packages: " + " ".join(missing) + " (pip install phonenumbers cpca)")
            return 3
        return 0
    missing = missing_packages()
    if missing:
        print("missing Python packages: " + " ".join(missing) + " (pip install phonenumbers cpca)", file=sys.stderr)
        return 3
    source = open(argv[1], encoding="utf-8") if len(argv) > 1 else sys.stdin
    entries = []
    for line_number, line in enumerate(source, start=1):
        if not line.strip():
            continue
        try:
            entries.append(json.loads(line))
        except json.JSONDecodeError as error:
            print(f"corpus line {line_number}: not JSON: {error}", file=sys.stderr)
            return 2
    addresses = [entry for entry in entries if entry.get("type") == "address"]
    address_results = dict(
        zip((entry["id"] for entry in addresses), address_verdicts([entry["text"] for entry in addresses])))
    out = sys.stdout
    for entry in entries:
        if entry.get("type") == "phone":
            verdict = phone_verdict(entry["text"])
        elif entry.get("type") == "address":
            verdict = address_results[entry["id"]]
        else:
            print(f"corpus entry {entry.get('id')}: unknown type {entry.get('type')!r}", file=sys.stderr)
            return 2
        verdict["id"] = entry["id"]
        out.write(json.dumps(verdict, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
