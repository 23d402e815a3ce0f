#!/usr/bin/env python3
"""One client floods searches, another searches at its own pace: the second one's latency
alone and during the flood (docs/reliability.md). Used by flood-drill.sh.

    flood-drill.py BASE_URL COLLECTION FLOOD_KEY OTHER_KEY [SECONDS] [FLOOD_THREADS] [FLOOD_NICE]

The flooder runs as a process of its own (FLOOD_THREADS connections, retrying at once and ignoring
Retry-After), started under `nice -n FLOOD_NICE` (default 0). A separate process, so that the
measuring client does not wait for the flooder's threads on Python's interpreter lock; nice, to
show how much of the cost on a shared machine is the flooding client's own CPU.
"""
import http.client
import json
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse

xy = [320, 100, 350, 150, 290, 150, 362, 210, 278, 210, 366, 265, 274, 265, 340, 270, 300, 270, 342, 350, 298, 350, 344, 430, 296, 430]
body = json.dumps({"pose": {"layout": "model13", "keypoints": [{"x": xy[2 * j], "y": xy[2 * j + 1]} for j in range(13)]}, "k": 10})


def search(connection, collection, key):
    started = time.perf_counter()
    connection.request("POST", f"/v1/collections/{collection}/search", body, {"Content-Type": "application/json", "X-Api-Key": key})
    response = connection.getresponse()
    response.read()
    return response.status, time.perf_counter() - started


def flood(url, collection, key, seconds, threads):
    """The flooding process: THREADS connections as fast as they can for SECONDS; prints the statuses as JSON."""
    counts, lock = {}, threading.Lock()
    end = time.time() + seconds

    def worker():
        connection = http.client.HTTPConnection(url.hostname, url.port)
        while time.time() < end:
            status, _ = search(connection, collection, key)
            with lock:
                counts[status] = counts.get(status, 0) + 1

    workers = [threading.Thread(target=worker) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    print(json.dumps(counts), flush=True)


def measure(url, collection, key, seconds, label):
    connection = http.client.HTTPConnection(url.hostname, url.port)
    latencies, statuses = [], {}
    end = time.time() + seconds
    while time.time() < end:
        status, elapsed = search(connection, collection, key)
        statuses[status] = statuses.get(status, 0) + 1
        latencies.append(elapsed * 1000)
        time.sleep(0.02)  # about 35 searches/s: under the per-key limit of the drill
    latencies.sort()
    p50 = statistics.median(latencies)
    p99 = latencies[int(len(latencies) * 0.99) - 1]
    print(f"{label}: {len(latencies)} searches, statuses {statuses}, p50 {p50:.2f} ms, p99 {p99:.2f} ms", flush=True)
    return p50, p99


if sys.argv[1] == "--flood":
    _, _, base, collection, key, seconds, threads = sys.argv
    flood(urllib.parse.urlparse(base), collection, key, float(seconds), int(threads))
    sys.exit(0)

base, collection, flood_key, other_key = sys.argv[1:5]
seconds = float(sys.argv[5]) if len(sys.argv) > 5 else 15
threads = int(sys.argv[6]) if len(sys.argv) > 6 else 8
niceness = int(sys.argv[7]) if len(sys.argv) > 7 else 0
url = urllib.parse.urlparse(base)

alone = measure(url, collection, other_key, seconds, "other client alone")
flooder = subprocess.Popen(["nice", "-n", str(niceness), sys.executable, __file__, "--flood", base, collection, flood_key, str(seconds + 1), str(threads)],
                           stdout=subprocess.PIPE, text=True)
time.sleep(1)
during = measure(url, collection, other_key, seconds, f"other client during a flood ({threads} connections, one key, nice {niceness})")
counts = json.loads(flooder.communicate()[0])
print(f"flooding client: {sum(counts.values())} requests in {seconds + 1:.0f} s, statuses {counts}")
print(f"ratio during/alone: p50 {during[0] / alone[0]:.2f}x, p99 {during[1] / alone[1]:.2f}x")
