#!/usr/bin/env python3
"""Writes a deterministic corpus of mutated event lines (to stdout), for comparing the rejections of two
decoder builds byte for byte: Scripts/decode-differential.sh runs both binaries over it.

    Scripts/decode-mutants.py SOURCE.jsonl [COUNT] [SEED] > mutants.jsonl

Mutations aim at the decoder's edges: truncation, byte flips, inserted or deleted bytes, JSON escapes in keys
and values, duplicated and reordered keys, nulls, wrong types, numbers in other forms, long and non-ASCII
strings, odd timestamps and malformed UTF-8."""
import json
import random
import sys

source, count, seed = sys.argv[1], int(sys.argv[2]) if len(sys.argv) > 2 else 20000, int(sys.argv[3]) if len(sys.argv) > 3 else 1
rng = random.Random(seed)
with open(source, "rb") as handle:
    lines = [line.rstrip(b"\n") for _, line in zip(range(5000), handle)]

SPECIAL = [b'"', b"\\", b"{", b"}", b"[", b"]", b":", b",", b" ", b"\t", b"\r", b"\x00", b"\x1f", b"\x7f", b"\xc3",
           b"\xa9", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf", b"\xe4\xb8", b"e", b"E", b".", b"-", b"+", b"0",
           b"9", b"n", b"t", b"f", b"u", b"\\u", b"\\ud800", b"\\ud83d\\ude00", b"\\u00e9", b"\\/", b"\\x"]
TIMES = ["2026-11-11T10:00:00Z", "2026-11-11T10:00:00.1Z", "2026-11-11T10:00:00.123456789+08:00",
         "2026-11-11T10:00:00.1234567890Z", "2026-11-11T10:00:00.Z", "2026-11-11t10:00:00Z", "2026-11-11T10:00:00z",
         "2025-02-29T10:00:00Z", "2024-02-29T23:59:59-23:59", "2026-13-01T00:00:00Z", "2026-11-31T00:00:00Z",
         "2026-11-11T24:00:00Z", "2026-11-11T23:60:00Z", "2026-11-11T23:59:60Z", "2026-11-11T10:00:00+24:00",
         "2026-11-11T10:00:00+08:60", "2026-11-11T10:00:00+0800", "2026-11-11T10:00:00", "1999-12-31T23:59:59Z",
         "2100-01-01T00:00:00Z", "9999-01-01T00:00:00Z", "2000-01-01T00:00:00+01:00", "2099-12-31T23:59:59-01:00",
         "2026-11-11 10:00:00Z", "+2026-11-11T10:00:00Z", "2026-1-11T10:00:00Z", "", "2026-11-11T10:00:00.000+08:00 ",
         "2026-11-11T10:00:00.999-00:00", "2026-11-11T10:00:0a+08:00", "2026-11-11T10:00:00.12a+08:00"]
VALUES = ["null", "true", "false", "0", "-0", "1e2", "1E+2", "100.0", "100.5", "-1", "1e400", "1000000000001",
          "1000000000000", "123456789012345678901", "0.0", "-0.0", "1.5e1", "01", "1.", ".5", "\"\"", "\"x\"", "[]",
          "{}", "[1,2", "{\"a\":}", "\"" + "x" * 129 + "\"", "\"" + "é" * 128 + "\"", "\"" + "😀" * 129 + "\"",
          "\"\\u0041\"", "\"\\ud800\"", "\"CNY\"", "\"cny\"", "\"CN\"", "\"ＣＮＹ\"", "\"\\u0043NY\"", "946684800000",
          "946684799999", "4102444800000", "4102444799999", "1794362400123.0", "1.794362400123e12", "\"order\"",
          "\"refund\"", "\"review\"", "\"complaint\"", "\"shop\"", "\"buyer\"", "\"harassment\"", "\"other\"", "5", "6"]
KEYS = ["event_id", "type", "ts", "shop_id", "order_id", "buyer_id", "item_id", "amount_cents", "currency",
        "receiver", "refund_id", "review_id", "complaint_id", "rating", "reason", "text", "filed_by", "kind", "x"]


def escape_key(line: bytes) -> bytes:
    key = rng.choice(KEYS).encode()
    if b'"' + key + b'"' not in line:
        return line
    i = rng.randrange(len(key))
    escaped = key[:i] + b"\\u%04x" % key[i] + key[i + 1:]
    return line.replace(b'"' + key + b'"', b'"' + escaped + b'"', 1)


def set_value(line: bytes, key: str, value: str) -> bytes:
    try:
        event = json.loads(line)
        if not isinstance(event, dict):
            return line
        json.dumps(event, ensure_ascii=False).encode()
    except Exception:
        return line
    text = json.dumps(event, ensure_ascii=rng.random() < 0.3, separators=(",", ":"))
    marker = '"%s":' % key
    if marker not in text:
        return (text[:-1] + "," + marker + value + "}").encode()
    start = text.index(marker) + len(marker)
    decoder = json.JSONDecoder()
    _, end = decoder.raw_decode(text, start)
    return (text[:start] + value + text[end:]).encode()


def mutate(line: bytes) -> bytes:
    if not line:
        return rng.choice(SPECIAL)
    choice = rng.randrange(14)
    if choice == 0:
        return line[: rng.randrange(len(line) + 1)]
    if choice == 1:
        i = rng.randrange(len(line))
        return line[:i] + bytes([rng.randrange(256)]) + line[i + 1:]
    if choice == 2:
        i = rng.randrange(len(line) + 1)
        return line[:i] + rng.choice(SPECIAL) + line[i:]
    if choice == 3:
        i = rng.randrange(len(line))
        return line[:i] + line[i + 1 + rng.randrange(3):]
    if choice == 4:
        return escape_key(line)
    if choice == 5:
        return set_value(line, "ts", json.dumps(rng.choice(TIMES)))
    if choice == 6:
        return set_value(line, rng.choice(KEYS), rng.choice(VALUES))
    if choice == 7:
        receiver = rng.choice(['{"phone":null}', '{"name":"\\u5f20 \\u4e09","phone":"+86 138 0013 8000"}', "null",
                               "[]", '"x"', '{"phone":"' + "1" * 65 + '"}', '{"address":"' + "路" * 1025 + '"}',
                               '{"name":"a","name":null}', '{"x":{"phone":"1"}}', '{"phone":1}', '{,}', '{"a" 1}'])
        text = set_value(line, "receiver", receiver)
        if rng.random() < 0.3:
            text = text[:-1] + b',"receiver":' + rng.choice([b"null", b'{"phone":"13800138000"}', b"{}"]) + b"}"
        return text
    if choice == 8:
        return rng.choice([b" ", b"\t", b"\r", b"\n", b"\xef\xbb\xbf", b"[", b"x"]) + line + rng.choice(
            [b"", b" ", b"\r", b"}", b",", b" x", b"\x00"])
    if choice == 9:
        return set_value(line, rng.choice(KEYS), json.dumps(rng.choice(TIMES)))
    if choice == 10:
        return line.replace(b",", b" , ", rng.randrange(1, 6)).replace(b":", b" :\t", rng.randrange(0, 3))
    if choice == 11:
        i = rng.randrange(len(line) + 1)
        return line[:i] + rng.choice(SPECIAL) + rng.choice(SPECIAL) + line[i:]
    if choice == 12:
        return rng.choice([b"", b"{}", b"[]", b"1", b'"x"', b"null", b"{" * 600 + b"}" * 600, b'{"a":' * 520 + b"1" + b"}" * 520])
    return set_value(line, rng.choice(["text", "reason"]), json.dumps("x" * rng.choice([9999, 10000, 10001])))


out = sys.stdout.buffer
for n in range(count):
    line = rng.choice(lines)
    for _ in range(1 + (rng.random() < 0.3)):
        line = mutate(line).replace(b"\n", b"")
    out.write(line + b"\n")
