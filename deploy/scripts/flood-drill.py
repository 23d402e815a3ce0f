#!/usr/bin/env python3
"""One client floods searches, another searches at its own pace: the second one's latency
alone and during the flood (docs/reliability.md). Used by flood-drill.sh.

    flood-drill.py BASE_URL COLLECTION FLOOD_KEY OTHER_KEY [SECONDS] [FLOOD_THREADS]
"""
import http.client
import json
import statistics
import sys
import threading
import time
import urllib.parse

base, collection, flood_key, other_key = sys.argv[1:5]
seconds = float(sys.argv[5]) if len(sys.argv) > 5 else 15
threads = int(sys.argv[6]) if len(sys.argv) > 6 else 8
url = urllib.parse.urlparse(base)
xy = [320, 100, 350, 150, 290, 150, 362, 210, 278, 210, 366, 265, 274, 265, 340, 270, 300, 270, 342, 350, 298, 350, 344, 430, 296, 430]
body = json.dumps({"pose": {"layout": "model13", "keypoints": [{"x": xy[2 * j], "y": xy[2 * j + 1]} for j in range(13)]}, "k": 10})


def search(connection, key):
    started = time.perf_counter()
    connection.request("POST", f"/v1/collections/{collection}/search", body, {"Content-Type": "application/json", "X-Api-Key": key})
    response = connection.getresponse()
    response.read()
    return response.status, time.perf_counter() - started


def measure(label):
    connection = http.client.HTTPConnection(url.hostname, url.port)
    latencies, statuses = [], {}
    end = time.time() + seconds
    while time.time() < end:
        status, elapsed = search(connection, other_key)
        statuses[status] = statuses.get(status, 0) + 1
        latencies.append(elapsed * 1000)
        time.sleep(0.02)  # about 35 searches/s: under the per-key limit of the drill
    latencies.sort()
    p50 = statistics.median(latencies)
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    print(f"{label}: {len(latencies)} searches, statuses {statuses}, p50 {p50:.2f} ms, p99 {p99:.2f} ms")
    return p50, p99


flood_counts = {}
stop = threading.Event()


def flood():
    connection = http.client.HTTPConnection(url.hostname, url.port)
    while not stop.is_set():
        status, _ = search(connection, flood_key)
        flood_counts[status] = flood_counts.get(status, 0) + 1


alone = measure("other client alone")
workers = [threading.Thread(target=flood, daemon=True) for _ in range(threads)]
for worker in workers:
    worker.start()
time.sleep(1)
during = measure(f"other client during a flood ({threads} connections, one key)")
stop.set()
for worker in workers:
    worker.join()
print(f"flooding client: {sum(flood_counts.values())} requests in {seconds + 1:.0f} s, statuses {flood_counts}")
print(f"ratio during/alone: p50 {during[0] / alone[0]:.2f}x, p99 {during[1] / alone[1]:.2f}x")
