#!/usr/bin/env python3
"""An independent reading of the Olist dataset by the rules the README states for `brushfire convert olist`.

Python's csv and gzip modules, not Brushfire's CSV reader, split the files; the events are rebuilt from the rules
alone, so a test can compare them with the converter's field by field. Prints one JSON object:
{"rows": {file: count}, "counts": {...}, "events": [[event_id, type, ts_ms, shop, buyer, order_id, item_id or
record_id, amount_cents or rating, address or reason], ...]} with events sorted by time, then event id.

    python3 Scripts/olist_reference.py DIR
"""
import collections
import csv
import datetime
import gzip
import json
import os
import sys

BRASILIA = datetime.timezone(datetime.timedelta(hours=-3))


def read(directory, name):
    path = os.path.join(directory, name + ".gz")
    if os.path.exists(path):
        handle = gzip.open(path, "rt", encoding="utf-8", newline="")
    else:
        handle = open(os.path.join(directory, name), encoding="utf-8", newline="")
    with handle:
        return list(csv.DictReader(handle))


def millis(text):
    moment = datetime.datetime.strptime(text, "%Y-%m-%d %H:%M:%S").replace(tzinfo=BRASILIA)
    return int(moment.timestamp()) * 1000


def cents(text):
    whole, _, fraction = text.partition(".")
    return int(whole) * 100 + int((fraction + "00")[:2])


def main(directory):
    customers = {c["customer_id"]: c for c in read(directory, "olist_customers_dataset.csv")}
    orders = read(directory, "olist_orders_dataset.csv")
    items = read(directory, "olist_order_items_dataset.csv")
    reviews = read(directory, "olist_order_reviews_dataset.csv")

    # (order, seller) → items of that seller in that order.
    parts = collections.defaultdict(list)
    for item in items:
        parts[(item["order_id"], item["seller_id"])].append(item)
    sellers_of = collections.defaultdict(set)
    for order_id, seller in parts:
        sellers_of[order_id].add(seller)

    events = []
    counts = collections.Counter()
    order_by_id = {}
    for order in orders:
        order_by_id[order["order_id"]] = order
        customer = customers[order["customer_id"]]
        buyer = customer["customer_unique_id"]
        address = "%s, %s, %s" % (
            customer["customer_zip_code_prefix"], customer["customer_city"], customer["customer_state"])
        purchase = millis(order["order_purchase_timestamp"])
        canceled = order["order_status"] == "canceled"
        counts["canceled_orders"] += canceled
        if not sellers_of[order["order_id"]]:
            counts["orders_without_items"] += 1
            continue
        steps = [order[c] for c in ("order_approved_at", "order_delivered_carrier_date",
                                    "order_delivered_customer_date") if order[c]]
        refund_at = max([purchase] + [millis(s) for s in steps])
        if canceled and not steps:
            counts["refund_times_filled"] += 1
        for seller in sorted(sellers_of[order["order_id"]]):
            mine = parts[(order["order_id"], seller)]
            amount = sum(cents(i["price"]) + cents(i["freight_value"]) for i in mine)
            tally = collections.Counter(i["product_id"] for i in mine)
            first = {}
            for i in mine:
                first[i["product_id"]] = min(first.get(i["product_id"], 10**9), int(i["order_item_id"]))
            product = sorted(tally, key=lambda p: (-tally[p], first[p]))[0]
            key = "%s-%s" % (order["order_id"], seller)
            sub = "%s/%s" % (order["order_id"], seller)
            events.append(["olist-ev-o-" + key, "order", purchase, seller, buyer, sub, product, amount, address])
            counts["order_events"] += 1
            if canceled:
                events.append(["olist-ev-r-" + key, "refund", refund_at, seller, buyer, sub, "olist-r-" + key,
                               amount, "order canceled"])
                counts["refund_events"] += 1

    unnamed = collections.Counter()
    for review in reviews:
        order = order_by_id[review["order_id"]]
        review_id = review["review_id"]
        if review_id:
            key = review_id
        else:
            unnamed[order["order_id"]] += 1
            key = "n%d" % unnamed[order["order_id"]]
            review_id = "olist-%s-%s" % (key, order["order_id"])
        sellers = sorted(sellers_of[order["order_id"]])
        if not sellers:
            counts["reviews_without_items"] += 1
            continue
        answered = millis(review["review_answer_timestamp"])
        if answered < millis(order["order_purchase_timestamp"]):
            counts["reviews_before_order"] += 1
        buyer = customers[order["customer_id"]]["customer_unique_id"]
        for seller in sellers:
            events.append(["olist-ev-v-%s-%s-%s" % (key, order["order_id"], seller), "review", answered, seller,
                           buyer, "%s/%s" % (order["order_id"], seller), review_id, int(review["review_score"]),
                           None])
            counts["review_events"] += 1

    events.sort(key=lambda e: (e[2], e[0]))
    rows = {"olist_orders_dataset.csv": len(orders), "olist_order_items_dataset.csv": len(items),
            "olist_order_reviews_dataset.csv": len(reviews), "olist_customers_dataset.csv": len(customers)}
    json.dump({"rows": rows, "counts": counts, "events": events}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main(sys.argv[1])
