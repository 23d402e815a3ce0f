#!/usr/bin/env python3
"""Measures a running PoseSearch API: ingest throughput, embedding and search latency.

Usage: POSESEARCH_URL=http://127.0.0.1:8080 POSESEARCH_API_KEY=... $PYTHON deploy/scripts/bench-api.py
Creates a collection bench-<time> with 10 x 1000 jittered copies of a COCO-17 pose (50 video ids),
then times 200 searches without and with a video filter. Deletes the collection at the end.
Sends traffic to the given URL only; meant for a local instance.
"""
import json
import os
import random
import statistics
import time
import urllib.request

BASE = os.environ.get("POSESEARCH_URL", "http://127.0.0.1:8080").rstrip("/")
KEY = os.environ["POSESEARCH_API_KEY"]
COCO = [(320, 100), (327, 93), (313, 93), (336, 97), (304, 97), (350, 150), (290, 150), (362, 210), (278, 210),
        (366, 265), (274, 265), (340, 270), (300, 270), (342, 350), (298, 350), (344, 430), (296, 430)]
rnd = random.Random(0)


def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(BASE + path, data=data, method=method,
                                 headers={"Content-Type": "application/json", "X-Api-Key": KEY})
    start = time.perf_counter()
    raw = urllib.request.urlopen(req, timeout=60).read()
    return time.perf_counter() - start, (json.loads(raw) if raw else None)


def pose():
    return {"layout": "coco17",
            "keypoints": [{"x": x + rnd.gauss(0, 15), "y": y + rnd.gauss(0, 15), "confidence": 0.9} for x, y in COCO]}


name = "bench-%d" % int(time.time())
call("POST", "/v1/collections", {"name": name})
try:
    ingest = []
    for b in range(10):
        batch = [{"id": f"{b}-{i}", "pose": pose(), "metadata": {"videoId": f"v{i % 50}", "frame": i}} for i in range(1000)]
        ingest.append(call("POST", f"/v1/collections/{name}/poses", {"poses": batch})[0])
    median = statistics.median(ingest)
    print("ingest 10 x 1000 poses: median %.3f s per batch (%.0f poses/s)" % (median, 1000 / median))

    embed = [call("POST", "/v1/embeddings", {"poses": [pose() for _ in range(256)]})[0] for _ in range(6)][1:]
    print("embeddings, batch of 256: median %.1f ms" % (1000 * statistics.median(embed)))

    for label, flt in (("no filter", None), ("filter videoId (1 in 50)", {"videoId": "v7"})):
        latencies = []
        for _ in range(200):
            body = {"pose": pose(), "k": 10}
            if flt:
                body["filter"] = flt
            seconds, result = call("POST", f"/v1/collections/{name}/search", body)
            assert len(result["hits"]) == 10, result
            latencies.append(seconds)
        latencies.sort()
        print("search k=10 over 10,000 poses, %s: p50 %.1f ms, p95 %.1f ms (%d candidates re-ranked)"
              % (label, 1000 * latencies[100], 1000 * latencies[190], result["candidatesScored"]))
finally:
    call("DELETE", f"/v1/collections/{name}")
