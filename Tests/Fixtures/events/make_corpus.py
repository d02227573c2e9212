#!/usr/bin/env python3
"""Writes valid.jsonl, invalid.jsonl and README.md in this folder from the cases listed below.

Each case is one line of bytes and a note saying what it checks. The lines are written here rather than by
hand in the .jsonl files so that invalid bytes, long strings and exact escapes stay readable. The verdicts are
not computed here: SchemaAgreementTests asks Scripts/validate_json.py and the decoder about every line.

Run from anywhere: python3 Tests/Fixtures/events/make_corpus.py
"""

import json
import os

HERE = os.path.dirname(os.path.abspath(__file__))

TS = 1794362400123  # 2026-11-11T02:00:00.123Z

ORDER = {"event_id": "ev-1", "type": "order", "ts": TS, "shop_id": "shop-1", "order_id": "o-1",
         "buyer_id": "b-1", "item_id": "i-1", "amount_cents": 1990}
REFUND = {"event_id": "ev-2", "type": "refund", "ts": TS, "shop_id": "shop-1", "order_id": "o-1",
          "buyer_id": "b-1", "refund_id": "r-1", "amount_cents": 1990}
REVIEW = {"event_id": "ev-3", "type": "review", "ts": TS, "shop_id": "shop-1", "order_id": "o-1",
          "buyer_id": "b-1", "review_id": "rv-1", "rating": 1}
COMPLAINT = {"event_id": "ev-4", "type": "complaint", "ts": TS, "shop_id": "shop-1", "complaint_id": "c-1",
             "buyer_id": "b-1", "filed_by": "buyer", "kind": "harassment"}
BASES = {"order": ORDER, "refund": REFUND, "review": REVIEW, "complaint": COMPLAINT}
REQUIRED = {
    "order": ["order_id", "buyer_id", "item_id", "amount_cents"],
    "refund": ["order_id", "buyer_id", "refund_id", "amount_cents"],
    "review": ["order_id", "buyer_id", "review_id", "rating"],
    "complaint": ["complaint_id", "buyer_id", "filed_by", "kind"],
}


class Raw:
    """JSON text inserted as is, for numbers and escapes that json.dumps would normalise."""

    def __init__(self, text):
        self.text = text


def encode(value):
    if isinstance(value, Raw):
        return value.text
    if isinstance(value, dict):
        return "{" + ",".join(json.dumps(k, ensure_ascii=False) + ":" + encode(v) for k, v in value.items()) + "}"
    if isinstance(value, list):
        return "[" + ",".join(encode(v) for v in value) + "]"
    return json.dumps(value, ensure_ascii=False)


def event(base, drop=(), **changes):
    """The base event with fields replaced or added (in order) and `drop` removed, as UTF-8 bytes."""
    fields = dict(BASES[base])
    for key in drop:
        del fields[key]
    fields.update(changes)
    return encode(fields).encode("utf-8")


def text_of(base, drop=(), **changes):
    return event(base, drop, **changes).decode("utf-8")


valid = []
invalid = []


def ok(note, line):
    valid.append((note, line if isinstance(line, bytes) else line.encode("utf-8")))


def bad(note, line):
    invalid.append((note, line if isinstance(line, bytes) else line.encode("utf-8")))


# ---------------------------------------------------------------- valid: the four types
for name in BASES:
    ok(f"{name} with only the required fields, integer ts", event(name))
ok("order with currency and a full receiver, ts with offset and milliseconds",
   event("order", ts="2026-11-11T10:00:00.123+08:00", currency="CNY",
         receiver={"name": "李雷", "phone": "+86 138 0013 8000", "address": "杭州市西湖区 1 号"}))
ok("refund with a reason", event("refund", reason="never arrived"))
ok("review with text", event("review", rating=5, text="great 👍"))
ok("complaint about an order", event("complaint", order_id="o-1"))
ok("complaint with order_id null", event("complaint", order_id=None))
for party in ["buyer", "shop"]:
    for kind in ["harassment", "extortion", "other"]:
        ok(f"complaint filed_by {party}, kind {kind}", event("complaint", filed_by=party, kind=kind))
ok("fields in a different order: type last", encode({
    "ts": TS, "shop_id": "s", "buyer_id": "b", "order_id": "o", "item_id": "i", "amount_cents": 1,
    "event_id": "e", "type": "order"}))

# ---------------------------------------------------------------- valid: numbers
for rating in [1, 2, 3, 4, 5]:
    ok(f"rating {rating}", event("review", rating=rating))
ok("rating 3.0 is an integer", event("review", rating=Raw("3.0")))
ok("rating 0.5e1 is the integer 5", event("review", rating=Raw("0.5e1")))
ok("rating 5E0", event("review", rating=Raw("5E0")))
ok("amount_cents 0", event("order", amount_cents=0))
ok("amount_cents 10^12 (maximum)", event("order", amount_cents=10**12))
ok("amount_cents 1e12 (maximum, exponent form)", event("refund", amount_cents=Raw("1e12")))
ok("amount_cents 100.0", event("order", amount_cents=Raw("100.0")))
ok("amount_cents 1e2", event("order", amount_cents=Raw("1e2")))
ok("amount_cents 1E+2", event("order", amount_cents=Raw("1E+2")))
ok("amount_cents 1.5e2 is the integer 150", event("order", amount_cents=Raw("1.5e2")))
ok("amount_cents 15000e-2 is the integer 150", event("order", amount_cents=Raw("15000e-2")))
ok("amount_cents -0 is zero", event("order", amount_cents=Raw("-0")))
ok("amount_cents -0.0 is zero", event("refund", amount_cents=Raw("-0.0")))
ok("ts 946684800000 (2000-01-01T00:00:00Z, first valid)", event("order", ts=946684800000))
ok("ts 4102444799999 (last valid millisecond before 2100)", event("order", ts=4102444799999))
ok("ts 9.466848e11 (first valid, exponent form)", event("order", ts=Raw("9.466848e11")))
ok("ts with .0", event("order", ts=Raw("1794362400123.0")))
ok("ts 1.794362400123E12", event("order", ts=Raw("1.794362400123E12")))

# ---------------------------------------------------------------- valid: ts strings
for ts, note in [
    ("2026-11-11T02:00:00Z", "UTC"),
    ("2026-11-11T10:00:00+08:00", "positive offset"),
    ("2026-11-10T20:30:00-05:30", "negative offset with minutes"),
    ("2026-11-11T02:00:00.1Z", "one fraction digit"),
    ("2026-11-11T02:00:00.123456789Z", "nine fraction digits"),
    ("2026-11-11T02:00:00.000Z", "zero fraction"),
    ("2024-02-29T12:00:00Z", "leap day"),
    ("2000-02-29T12:00:00Z", "leap day of a year divisible by 400"),
    ("2000-01-01T00:00:00Z", "first instant of the range"),
    ("2099-12-31T23:59:59.999999999Z", "last written instant of the range"),
    ("2000-01-01T00:00:00+01:00", "written in 2000, an instant in 1999 UTC: the written date counts"),
    ("2099-12-31T23:30:00-01:00", "written in 2099, an instant in 2100 UTC: the written date counts"),
    ("2026-11-11T00:00:00+23:59", "largest offset"),
    ("2026-11-11T00:00:00-00:00", "offset -00:00"),
    ("2026-01-31T23:59:59Z", "January 31"),
    ("2026-04-30T00:00:00Z", "April 30"),
    ("2026-12-31T23:59:59Z", "December 31"),
    ("2025-02-28T00:00:00Z", "February 28 in a common year"),
]:
    ok(f"ts {ts}: {note}", event("order", ts=ts))
ok("ts string with escaped characters", event("order", ts=Raw(r'"2026-11-11T02:00:00\u005a"')))

# ---------------------------------------------------------------- valid: strings and unicode
ok("ids of one code point", event("order", event_id="e", shop_id="s", order_id="o", buyer_id="b", item_id="i"))
ok("ids of a single space", event("order", order_id=" ", buyer_id=" "))
ok("event_id of 128 ASCII characters", event("order", event_id="e" * 128))
ok("shop_id of 128 two-byte code points", event("order", shop_id="é" * 128))
ok("buyer_id of 128 three-byte code points", event("order", buyer_id="买" * 128))
ok("order_id of 128 four-byte code points", event("order", order_id="😀" * 128))
ok("item_id of 127 characters and one escaped surrogate pair (128 code points)",
   event("order", item_id=Raw('"' + "x" * 127 + r'\ud83d\ude00"')))
ok("refund_id of 127 characters and one lone surrogate escape (128 code points)",
   event("refund", refund_id=Raw('"' + r"\ud800" + "x" * 127 + '"')))
ok("lone low surrogate escape", event("order", buyer_id=Raw(r'"b\udc00"')))
ok("two high surrogate escapes in a row", event("order", buyer_id=Raw(r'"\ud800\ud800"')))
ok("high surrogate escape followed by an ordinary escape", event("order", buyer_id=Raw(r'"\ud800\u0041"')))
ok("low then high surrogate escape", event("order", buyer_id=Raw(r'"\udc00\ud800"')))
ok("escaped NUL in an id", event("order", buyer_id=Raw(r'"b\u0000x"')))
ok("all short escapes in an id", event("order", buyer_id=Raw(r'"\"\\\/\b\f\n\r\t"')))
ok("escapes in upper and lower case hex", event("order", buyer_id=Raw(r'"\u00E9\u00e9\uABCD"')))
ok("raw DEL (0x7F) in a string", event("order", buyer_id="b\x7f"))
ok("raw U+2028 and U+2029 in a string", event("order", buyer_id="b\u2028\u2029"))
ok("noncharacter U+FFFF raw and escaped", event("order", buyer_id=Raw('"\uffff\\uffff"')))
ok("highest code point U+10FFFF raw", event("order", buyer_id="\U0010ffff"))
ok("escaped key \\u0074ype", text_of("order").replace('"type"', r'"\u0074ype"'))
ok("escaped enum value \\u006frder", event("order", type=Raw(r'"\u006frder"')))
ok("review text with combining marks and right-to-left script", event("review", text="é שלום 🇨🇳"))
ok("review text of 10000 code points", event("review", text="a" * 10000))
ok("refund reason of 10000 three-byte code points", event("refund", reason="€" * 10000))
ok("review text empty", event("review", text=""))

# ---------------------------------------------------------------- valid: optional fields and null
ok("currency null", event("order", currency=None))
ok("currency USD", event("order", currency="USD"))
ok("receiver null", event("order", receiver=None))
ok("receiver empty object", event("order", receiver={}))
ok("receiver fields all null", event("order", receiver={"name": None, "phone": None, "address": None}))
ok("receiver with unknown keys of any type", event("order", receiver={"zip": 310000, "geo": [1.5, 2], "x": None}))
ok("receiver fields empty strings", event("order", receiver={"name": "", "phone": "", "address": ""}))
ok("receiver name 256, phone 64, address 1024 code points",
   event("order", receiver={"name": "名" * 256, "phone": "1" * 64, "address": "路" * 1024}))
ok("refund reason null", event("refund", reason=None))
ok("review text null", event("review", text=None))

# ---------------------------------------------------------------- valid: unknown fields
ok("unknown fields of every JSON type", event("order", x_str="s", x_num=-12.5e-3, x_true=True, x_false=False,
                                               x_null=None, x_arr=[], x_obj={}))
ok("unknown number too large for a double", event("order", x=Raw("1e999")))
ok("unknown integer of 60 digits", event("order", x=Raw("1" * 60)))
ok("unknown negative zero and small exponents", event("order", x=Raw("[-0,0e0,0.0E-0,-1E-400]")))
ok("unknown field nested 100 arrays deep", event("order", x=Raw("[" * 100 + "]" * 100)))
ok("unknown field nested 60 objects deep", event("order", x=Raw('{"a":' * 60 + "1" + "}" * 60)))
ok("rating on an order is an unknown field", event("order", rating="lots"))
ok("text on an order is an unknown field of any type", event("order", text=7))
ok("currency and receiver on a refund are unknown fields", event("refund", currency=5, receiver="x"))
ok("amount_cents on a review is an unknown field", event("review", amount_cents=-5))
ok("reason on a complaint is an unknown field", event("complaint", reason={"a": [1]}))
ok("unknown field holding a NaN string", event("order", x="NaN"))
ok("unknown field with every escape", event("order", x=Raw(r'"\ud834\udd1e \u0000 \/ \\"')))
ok("empty key", event("order", **{"": 1}))

# ---------------------------------------------------------------- valid: duplicates and whitespace
ok("duplicate type: the last (order) wins", text_of("order").replace('"type":"order"', '"type":"nope","type":"order"'))
ok("duplicate amount_cents: the last (5) wins", event("order")[:-1] + b',"amount_cents":-1,"amount_cents":5}')
ok("duplicate unknown field", event("order", x=1)[:-1] + b',"x":[2]}')
ok("leading and trailing spaces", b"  " + event("order") + b"  ")
ok("leading tab, trailing CR", b"\t" + event("order") + b"\r")
ok("whitespace between every token", text_of("refund").replace(",", " ,\t").replace(":", "\r: ").replace(
    "{", "{ ").replace("}", " }"))

# ---------------------------------------------------------------- invalid: not JSON
bad("empty line", b"")
bad("only spaces", b"   ")
bad("truncated inside a string", b'{"event_id":"e1","type":"ord')
bad("truncated after a value", event("order")[:-1])
bad("truncated after a comma", event("order")[:-1] + b",")
bad("trailing comma before }", event("order")[:-1] + b",}")
bad("trailing garbage after the object", event("order") + b" x")
bad("two objects on one line", event("order") + b"{}")
bad("a comment after the object", event("order") + b" // note")
bad("single-quoted strings", text_of("order").replace('"', "'"))
bad("unquoted key", text_of("order").replace('"event_id"', "event_id"))
bad("missing colon", text_of("order").replace('"shop_id":', '"shop_id" '))
bad("missing comma", text_of("order").replace(',"shop_id"', ' "shop_id"'))
bad("unterminated string at end of line", b'{"event_id":"e1')
bad("NaN in an unknown field", event("order", x=Raw("NaN")))
bad("Infinity in an unknown field", event("order", x=Raw("Infinity")))
bad("-Infinity as amount_cents", event("order", amount_cents=Raw("-Infinity")))
bad("number with a leading zero", event("order", x=Raw("01")))
bad("number with a leading plus", event("order", x=Raw("+1")))
bad("number starting with a point", event("order", x=Raw(".5")))
bad("number ending with a point", event("order", x=Raw("1.")))
bad("exponent without digits", event("order", x=Raw("1e")))
bad("a lone minus", event("order", x=Raw("-")))
bad("hex number", event("order", x=Raw("0x10")))
bad("True with a capital", event("order", x=Raw("True")))
bad("truncated literal nul", event("order", x=Raw("nul")))
bad("invalid escape \\x41", event("order", buyer_id=Raw(r'"\x41"')))
bad("short unicode escape \\u12", event("order", buyer_id=Raw(r'"\u12"')))
bad("unicode escape with a non-hex digit", event("order", buyer_id=Raw(r'"\u00G1"')))
bad("capital \\U escape", event("order", buyer_id=Raw(r'"\U0041"')))
bad("escaped single quote", event("order", buyer_id=Raw(r'"\'"')))
bad("raw tab inside a string", event("order", buyer_id=Raw('"a\tb"')))
bad("raw 0x01 inside a string", event("order", buyer_id=Raw('"a\x01b"')))
bad("raw NUL between tokens", event("order")[:1] + b"\x00" + event("order")[1:])
bad("form feed before the object", b"\x0c" + event("order"))
bad("vertical tab after the object", event("order") + b"\x0b")
bad("no-break space U+00A0 before the object", "\u00a0".encode() + event("order"))
bad("byte order mark before the object", b"\xef\xbb\xbf" + event("order"))
bad("unclosed array in an unknown field", event("order", x=Raw("[1,2")))
bad("object with a non-string key", text_of("order")[:-1] + ",1:2}")

# ---------------------------------------------------------------- invalid: not an object
for text, note in [("true", "true"), ("null", "null"), ('"order"', "a string"), ("42", "a number"), ("[]", "an array")]:
    bad(f"top level is {note}", text)
bad("an event wrapped in an array", b"[" + event("order") + b"]")

# ---------------------------------------------------------------- invalid: not UTF-8
def with_bytes(base, field, junk):
    return event(base, **{field: "@"}).replace(b'"@"', b'"a' + junk + b'b"')


for junk, note in [
    (b"\xff", "byte 0xFF"),
    (b"\xc0\x80", "overlong NUL (C0 80)"),
    (b"\xe0\x80\xaf", "overlong slash (E0 80 AF)"),
    (b"\xed\xa0\x80", "UTF-8-encoded surrogate U+D800 (ED A0 80)"),
    (b"\xf4\x90\x80\x80", "code point above U+10FFFF (F4 90 80 80)"),
    (b"\xf8\x88\x80\x80\x80", "five-byte sequence"),
    (b"\x80", "lone continuation byte"),
    (b"\xc3", "two-byte sequence cut short"),
    (b"\xe2\x82", "three-byte sequence cut short"),
    (b"\xe9", "Latin-1 é"),
]:
    bad(f"{note} in buyer_id", with_bytes("order", "buyer_id", junk))
bad("invalid UTF-8 in an unknown field's value", with_bytes("order", "x", b"\xfe"))
bad("invalid UTF-8 in a key", event("order")[:-1] + b',"k\xffey":1}')
bad("invalid UTF-8 between tokens", event("order")[:-1] + b",\xff}")
bad("two-byte sequence cut short at the end of the line", event("order") + b"\xc3")

# ---------------------------------------------------------------- invalid: common fields
for field in ["event_id", "type", "ts", "shop_id"]:
    bad(f"missing {field}", event("order", drop=[field]))
for field in ["event_id", "shop_id"]:
    bad(f"{field} empty", event("order", **{field: ""}))
    bad(f"{field} null", event("order", **{field: None}))
    bad(f"{field} a number", event("order", **{field: 17}))
bad("event_id of 129 ASCII characters", event("order", event_id="e" * 129))
bad("shop_id of 129 two-byte code points", event("order", shop_id="é" * 129))
bad("event_id of 129 four-byte code points", event("order", event_id="😀" * 129))
bad("event_id of 128 characters and one escaped surrogate pair (129 code points)",
    event("order", event_id=Raw('"' + "x" * 128 + r'\ud83d\ude00"')))
bad("event_id of 127 characters and two lone surrogate escapes (129 code points)",
    event("order", event_id=Raw('"' + "x" * 127 + r'\ud800\ud800"')))
bad("event_id an array", event("order", event_id=["e"]))
for value, note in [("Order", "capitalised"), ("ORDER", "upper case"), ("", "empty"), ("purchase", "unknown"),
                    ("order ", "with a trailing space"), ("orders", "plural")]:
    bad(f"type {note}: {value!r}", event("order", type=value))
bad("type a number", event("order", type=1))
bad("type null", event("order", type=None))
bad("duplicate type: the last (Order) wins", text_of("order").replace('"type":"order"', '"type":"order","type":"Order"'))

# ---------------------------------------------------------------- invalid: ts
for ts, note in [
    (946684799999, "one millisecond before 2000"),
    (4102444800000, "2100-01-01T00:00:00Z, first invalid"),
    (0, "the epoch"),
    (-1, "negative"),
    (253402300799000, "year 9999"),
    (10**13, "year 2286"),
    (1794362400, "seconds instead of milliseconds"),
]:
    bad(f"ts {ts}: {note}", event("order", ts=ts))
for raw, note in [("1794362400123.5", "a fraction"), ("1e400", "too large for a double"), ("true", "a boolean"),
                  ("null", "null"), ('"1794362400123"', "digits in a string"), ("[1794362400123]", "an array"),
                  ("2.5e13", "year 2762 in exponent form")]:
    bad(f"ts {note}", event("order", ts=Raw(raw)))
for ts, note in [
    ("2025-02-29T00:00:00Z", "February 29 in a common year"),
    ("2025-02-30T00:00:00Z", "February 30"),
    ("2100-02-29T00:00:00Z", "year 2100"),
    ("2026-04-31T00:00:00Z", "April 31"),
    ("2026-11-31T00:00:00Z", "November 31"),
    ("2026-13-01T00:00:00Z", "month 13"),
    ("2026-00-10T00:00:00Z", "month 0"),
    ("2026-11-00T00:00:00Z", "day 0"),
    ("2026-11-32T00:00:00Z", "day 32"),
    ("1999-12-31T23:59:59Z", "year 1999"),
    ("2100-01-01T00:00:00Z", "year 2100"),
    ("9999-12-31T23:59:59Z", "year 9999"),
    ("2026-11-11t10:00:00Z", "lower-case t"),
    ("2026-11-11T10:00:00z", "lower-case z"),
    ("2026-11-11 10:00:00Z", "space instead of T"),
    ("2026-11-11T10:00Z", "no seconds"),
    ("2026-11-11T10:00:00", "no time zone"),
    ("2026-11-11", "date only"),
    ("2026-11-11T10:00:00.1234567890Z", "ten fraction digits"),
    ("2026-11-11T10:00:00.Z", "empty fraction"),
    ("2026-11-11T10:00:00,5Z", "comma as decimal sign"),
    ("2026-11-11T24:00:00Z", "hour 24"),
    ("2026-11-11T23:60:00Z", "minute 60"),
    ("2026-12-31T23:59:60Z", "leap second"),
    ("2026-11-11T10:00:00+24:00", "offset hour 24"),
    ("2026-11-11T10:00:00+08:60", "offset minute 60"),
    ("2026-11-11T10:00:00+0800", "offset without colon"),
    ("2026-11-11T10:00:00+08", "offset without minutes"),
    ("2026-11-11T10:00:00+08:00:00", "offset with seconds"),
    ("2026-11-11T10:00:00Z ", "trailing space"),
    (" 2026-11-11T10:00:00Z", "leading space"),
    ("2026-11-11T10:00:00Z\n", "trailing newline"),
    ("+02026-11-11T10:00:00Z", "expanded year"),
    ("２026-11-11T10:00:00Z", "fullwidth digit"),
    ("26-11-11T10:00:00Z", "two-digit year"),
    ("", "empty"),
]:
    bad(f"ts {ts!r}: {note}", event("order", ts=ts))

# ---------------------------------------------------------------- invalid: required fields by type
for name, fields in REQUIRED.items():
    for field in fields:
        bad(f"{name} without {field}", event(name, drop=[field]))
    bad(f"{name} with buyer_id null", event(name, buyer_id=None))
bad("order with order_id empty", event("order", order_id=""))
bad("order with item_id of 129 code points", event("order", item_id="i" * 129))
bad("refund with refund_id empty", event("refund", refund_id=""))
bad("review with review_id a number", event("review", review_id=3))
bad("complaint with complaint_id of 129 code points", event("complaint", complaint_id="c" * 129))
bad("order fields of a refund on an order: refund_id does not replace item_id",
    event("order", drop=["item_id"], refund_id="r-1"))

# ---------------------------------------------------------------- invalid: amounts and ratings
for name in ["order", "refund"]:
    for raw, note in [("-1", "-1"), ("-100", "negative"), ("1000000000001", "10^12 + 1"), ("1e13", "1e13"),
                      ("1.5", "a fraction"), ("-0.5", "a negative fraction"), ('"100"', "a string"),
                      ("true", "a boolean"), ("null", "null"), ("1e400", "too large for a double"),
                      ("100000000000000000000000000000", "10^29"), ("[100]", "an array")]:
        bad(f"{name} amount_cents {note}", event(name, amount_cents=Raw(raw)))
for raw, note in [("0", "0"), ("6", "6"), ("-1", "-1"), ("2.5", "2.5"), ('"5"', "a string"), ("true", "true"),
                  ("null", "null"), ("5.000001", "just above 5"), ("1e1", "10")]:
    bad(f"review rating {note}", event("review", rating=Raw(raw)))

# ---------------------------------------------------------------- invalid: optional fields
for value, note in [("usd", "lower case"), ("US", "two letters"), ("USDD", "four letters"), ("US1", "a digit"),
                    ("ÜSD", "a non-ASCII letter"), ("USD\n", "a trailing newline"), ("", "empty")]:
    bad(f"currency {note}", event("order", currency=value))
bad("currency a number", event("order", currency=840))
for value, note in [("1 Road", "a string"), ([], "an array"), (5, "a number"), (True, "a boolean")]:
    bad(f"receiver {note}", event("order", receiver=value))
bad("receiver name of 257 code points", event("order", receiver={"name": "名" * 257}))
bad("receiver phone of 65 code points", event("order", receiver={"phone": "1" * 65}))
bad("receiver address of 1025 code points", event("order", receiver={"address": "a" * 1025}))
bad("receiver name a number", event("order", receiver={"name": 5}))
bad("receiver phone a number", event("order", receiver={"phone": 13800138000}))
bad("receiver address an array", event("order", receiver={"address": ["1 Road"]}))
bad("refund reason of 10001 code points", event("refund", reason="r" * 10001))
bad("refund reason a number", event("refund", reason=5))
bad("review text of 10001 code points", event("review", text="t" * 10001))
bad("review text an object", event("review", text={}))
for value, note in [("platform", "unknown party"), ("Buyer", "capitalised"), (None, "null"), (1, "a number")]:
    bad(f"complaint filed_by {note}", event("complaint", filed_by=value))
for value, note in [("fraud", "unknown kind"), ("Other", "capitalised"), (None, "null"), (["other"], "an array")]:
    bad(f"complaint kind {note}", event("complaint", kind=value))
for value, note in [("", "empty"), ("o" * 129, "129 code points"), (5, "a number"), ([], "an array")]:
    bad(f"complaint order_id {note}", event("complaint", order_id=value))
bad("duplicate amount_cents: the last (-1) wins", event("order")[:-1] + b',"amount_cents":-1}')
bad("duplicate ts: the last (year 9999) wins", event("order")[:-1] + b',"ts":253402300799000}')


def write(name, cases):
    with open(os.path.join(HERE, name), "wb") as handle:
        for note, line in cases:
            assert b"\n" not in line, note
            handle.write(line + b"\n")


def table(cases):
    rows = ["| line | case |", "| ---: | --- |"]
    for number, (note, _) in enumerate(cases, start=1):
        rows.append(f"| {number} | {note.replace('|', '&#124;')} |")
    return "\n".join(rows)


write("valid.jsonl", valid)
write("invalid.jsonl", invalid)
with open(os.path.join(HERE, "README.md"), "w", encoding="utf-8") as handle:
    handle.write(f"""# Event contract v1: the hand-written corpus

Every line of `valid.jsonl` must be accepted, and every line of `invalid.jsonl` rejected, both by
`Schemas/event.schema.json` (through `Scripts/validate_json.py`) and by `EventDecoder`.
`SchemaAgreementTests` checks both, and also runs a seeded generator that mutates valid events into a few
thousand more lines.

The files are written by `make_corpus.py` in this folder, which lists every case with the note shown below;
edit the cases there and run `python3 Tests/Fixtures/events/make_corpus.py`. Unless a note says otherwise, an
event is the base event of its type (all required fields, `ts` as integer milliseconds) with the named change.
Some lines hold bytes that are not UTF-8 on purpose.

## valid.jsonl ({len(valid)} lines)

{table(valid)}

## invalid.jsonl ({len(invalid)} lines)

{table(invalid)}
""")
print(f"valid.jsonl: {len(valid)} lines, invalid.jsonl: {len(invalid)} lines")
