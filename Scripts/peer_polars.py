"""The same windowed work as Brushfire's order_burst, done by Polars on a JSON-lines event log.

Per shop: 30-minute windows sliding by one minute, counting orders, refunds and distinct receiver
addresses, then a burst rule (at least 30 orders in a window and at least 8 times the shop's mean orders
per window). Prints one JSON object: events, seconds (wall), cpu_seconds, windows, flagged windows, shops.
"""

import json
import resource
import sys
import time

import polars as pl


def main(path: str) -> None:
    started = time.perf_counter()
    cpu_started = time.process_time()
    events = pl.read_ndjson(
        path,
        schema={
            "type": pl.Utf8,
            "ts": pl.Utf8,
            "shop_id": pl.Utf8,
            "receiver": pl.Struct({"address": pl.Utf8}),
        },
        ignore_errors=True,
    )
    total = events.height
    # `ts` is epoch milliseconds or an RFC 3339 string: both forms, like the decoder.
    ts = (
        pl.when(pl.col("ts").str.contains(r"^\d+$"))
        .then(pl.col("ts").cast(pl.Int64, strict=False))
        .otherwise(
            pl.col("ts")
            .str.to_datetime(format="%Y-%m-%dT%H:%M:%S%.f%:z", strict=False, time_zone="UTC")
            .dt.epoch("ms")
        )
    )
    frame = (
        events.lazy()
        .filter(pl.col("type").is_in(["order", "refund"]))
        .with_columns(
            ts.cast(pl.Datetime("ms")).alias("time"),
            pl.col("receiver").struct.field("address").alias("address"),
        )
        .drop_nulls("time")
        .sort("time")
    )
    windows = (
        frame.group_by_dynamic("time", every="1m", period="30m", group_by="shop_id", closed="left")
        .agg(
            (pl.col("type") == "order").sum().alias("orders"),
            (pl.col("type") == "refund").sum().alias("refunds"),
            pl.col("address").filter(pl.col("type") == "order").n_unique().alias("addresses"),
        )
        .with_columns(pl.col("orders").mean().over("shop_id").alias("mean_orders"))
        .with_columns(
            ((pl.col("orders") >= 30) & (pl.col("orders") >= 8 * pl.col("mean_orders"))).alias("burst")
        )
        .collect()
    )
    flagged = windows.filter(pl.col("burst"))
    seconds = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(
        json.dumps(
            {
                "events": total,
                "seconds": round(seconds, 3),
                "cpu_seconds": round(cpu, 3),
                "windows": windows.height,
                "flagged_windows": flagged.height,
                "flagged_shops": flagged["shop_id"].n_unique(),
                "peak_mib": peak_kib // 1024,
                "threads": pl.thread_pool_size(),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
