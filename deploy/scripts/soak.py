#!/usr/bin/env python3
"""Steady mixed load (search, ingest, delete) against a running PoseSearch for N minutes,
sampling every INTERVAL seconds: service RSS, PostgreSQL memory (PSS of all its processes),
the poses table and index sizes (all indexes, and the collection's HNSW graph alone), dead tuples
and autovacuum passes, request counts, errors, search latency and the machine's load average.
Writes DIR/soak.csv and DIR/soak.png (docs/reliability.md). Used by soak.sh.

    soak.py --url URL --key KEY --collection NAME --minutes M --clients C --interval S
            --api-pid PID --pg-data DIR --pg-port P --pg-password PW --database DB --out DIR
"""
import argparse
import csv
import http.client
import json
import os
import random
import subprocess
import threading
import time
import urllib.parse

parser = argparse.ArgumentParser()
for name in ["url", "key", "collection", "pg-data", "pg-password", "database", "out"]:
    parser.add_argument("--" + name, required=True)
for name, default in [("minutes", 30), ("clients", 4), ("interval", 30), ("api-pid", 0), ("pg-port", 5432)]:
    parser.add_argument("--" + name, type=float if name in ("minutes", "interval") else int, default=default)
args = parser.parse_args()
url = urllib.parse.urlparse(args.url)
xy = [320, 100, 350, 150, 290, 150, 362, 210, 278, 210, 366, 265, 274, 265, 340, 270, 300, 270, 342, 350, 298, 350, 344, 430, 296, 430]


def pose(rng):
    return {"layout": "model13", "keypoints": [{"x": xy[2 * j] + rng.uniform(-40, 40), "y": xy[2 * j + 1] + rng.uniform(-40, 40)} for j in range(13)]}


lock = threading.Lock()
window = {"search": [], "ingest": 0, "delete": 0, "errors": 0, "statuses": {}}
stop = threading.Event()


def client(number):
    """80 % search, 10 % upsert of 20 poses, 10 % delete, over a fixed set of 2,000 ids per client:
    the table reaches a steady size while updates and deletes keep making dead tuples."""
    rng = random.Random(number)
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
    headers = {"Content-Type": "application/json", "X-Api-Key": args.key}
    while not stop.is_set():
        roll = rng.random()
        if roll < 0.8:
            kind, method, path, body = "search", "POST", f"/v1/collections/{args.collection}/search", json.dumps({"pose": pose(rng), "k": 10})
        elif roll < 0.9:
            ids = rng.sample(range(ids_per_client), 20)
            kind, method, path = "ingest", "POST", f"/v1/collections/{args.collection}/poses"
            body = json.dumps({"poses": [{"id": f"soak-{number}-{i}", "pose": pose(rng), "metadata": {"videoId": f"v{number}", "frame": i}} for i in ids]})
        else:
            kind, method, path, body = "delete", "DELETE", f"/v1/collections/{args.collection}/poses/soak-{number}-{rng.randrange(ids_per_client)}", None
        started = time.perf_counter()
        try:
            connection.request(method, path, body, headers)
            response = connection.getresponse()
            response.read()
            status = response.status
        except (OSError, http.client.HTTPException):
            status = 0
            connection = http.client.HTTPConnection(url.hostname, url.port, timeout=30)
        elapsed = (time.perf_counter() - started) * 1000
        with lock:
            window["statuses"][status] = window["statuses"].get(status, 0) + 1
            if status not in (200, 204) and not (kind == "delete" and status == 404):
                window["errors"] += 1
            elif kind == "search":
                window["search"].append(elapsed)
            else:
                window[kind] += 1


ids_per_client = 2000


def pss_kb(pid):
    try:
        with open(f"/proc/{pid}/smaps_rollup") as f:
            return sum(int(line.split()[1]) for line in f if line.startswith("Pss:"))
    except OSError:
        return 0


def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))
    except (OSError, StopIteration):
        return 0


def postgres_pss_mb():
    with open(os.path.join(args.pg_data, "postmaster.pid")) as f:
        postmaster = int(f.readline())
    pids = [postmaster]
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    if int(f.read().rsplit(")", 1)[1].split()[1]) == postmaster:
                        pids.append(int(entry))
            except (OSError, ValueError, IndexError):
                pass
    return sum(pss_kb(p) for p in pids) / 1024


def sql(query):
    result = subprocess.run(["/usr/lib/postgresql/15/bin/psql", "-h", "127.0.0.1", "-p", str(args.pg_port), "-U", "postgres", "-d", args.database, "-qtAc", query],
                            env={**os.environ, "PGPASSWORD": args.pg_password}, capture_output=True, text=True, check=True)
    return result.stdout.strip()


def percentile(values, p):
    if not values:
        return float("nan")
    values = sorted(values)
    return values[min(len(values) - 1, int(len(values) * p))]


os.makedirs(args.out, exist_ok=True)
columns = ["minute", "service_rss_mb", "postgres_pss_mb", "poses", "table_mb", "index_mb", "hnsw_mb", "dead_tuples", "autovacuums",
           "searches_per_s", "ingest_batches", "deletes", "errors", "search_p50_ms", "search_p99_ms", "load_1min"]
rows = []
threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(args.clients)]
begin = time.time()
for thread in threads:
    thread.start()
end = begin + args.minutes * 60
while time.time() < end:
    time.sleep(min(args.interval, max(0.0, end - time.time())))
    with lock:
        sample, window = window, {"search": [], "ingest": 0, "delete": 0, "errors": 0, "statuses": {}}
    stats = sql("SELECT count(*), pg_table_size('poses') / 1048576.0, pg_indexes_size('poses') / 1048576.0, "
                "(SELECT n_dead_tup FROM pg_stat_user_tables WHERE relname = 'poses'), "
                "(SELECT autovacuum_count FROM pg_stat_user_tables WHERE relname = 'poses'), "
                f"(SELECT coalesce(pg_relation_size(to_regclass('poses_mean_hnsw_' || id)), 0) / 1048576.0 FROM collections WHERE name = '{args.collection}') "
                "FROM poses").split("|")
    row = {
        "minute": round((time.time() - begin) / 60, 2),
        "service_rss_mb": round(rss_kb(args.api_pid) / 1024, 1),
        "postgres_pss_mb": round(postgres_pss_mb(), 1),
        "poses": int(stats[0]),
        "table_mb": round(float(stats[1]), 1),
        "index_mb": round(float(stats[2]), 1),
        "dead_tuples": int(stats[3] or 0),
        "autovacuums": int(stats[4] or 0),
        "hnsw_mb": round(float(stats[5] or 0), 1),
        "searches_per_s": round(len(sample["search"]) / args.interval, 1),
        "ingest_batches": sample["ingest"],
        "deletes": sample["delete"],
        "errors": sample["errors"],
        "search_p50_ms": round(percentile(sample["search"], 0.5), 2),
        "search_p99_ms": round(percentile(sample["search"], 0.99), 2),
        "load_1min": float(open("/proc/loadavg").read().split()[0]),  # the machine is shared: its load explains much of the latency
    }
    rows.append(row)
    print(" ".join(f"{k}={row[k]}" for k in columns), flush=True)
stop.set()
for thread in threads:
    thread.join(timeout=35)

with open(os.path.join(args.out, "soak.csv"), "w", newline="") as f:
    writer = csv.DictWriter(f, fieldnames=columns)
    writer.writeheader()
    writer.writerows(rows)

import matplotlib  # noqa: E402  (only needed for the plot)
matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

minutes = [r["minute"] for r in rows]
panels = [("memory (MB)", ["service_rss_mb", "postgres_pss_mb"]), ("poses table and indexes (MB)", ["table_mb", "index_mb", "hnsw_mb"]),
          ("dead tuples", ["dead_tuples"]), ("search latency (ms)", ["search_p50_ms", "search_p99_ms"]),
          ("searches/s", ["searches_per_s"]), ("errors per interval; machine load average", ["errors", "load_1min"])]
figure, axes = plt.subplots(3, 2, figsize=(12, 10), sharex=True)
for axis, (title, keys) in zip(axes.flat, panels):
    for key in keys:
        axis.plot(minutes, [r[key] for r in rows], marker=".", label=key)
    axis.set_title(title)
    axis.legend(fontsize=8)
    axis.grid(alpha=0.3)
for axis in axes[-1]:
    axis.set_xlabel("minutes")
figure.suptitle(f"PoseSearch soak: {args.clients} clients, {args.minutes:g} min (80% search, 10% upsert of 20, 10% delete; 2,000 ids per client)")
figure.tight_layout()
figure.savefig(os.path.join(args.out, "soak.png"), dpi=80)
print(f"wrote {args.out}/soak.csv and {args.out}/soak.png")
