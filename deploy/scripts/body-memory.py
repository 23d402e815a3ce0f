#!/usr/bin/env python3
"""The service's memory under the issue's hostile /v1/embeddings bodies (docs/reliability.md,
section 1): one pose whose keypoint list is a run of empty objects, CONCURRENT at once, ROUNDS
times, each body sent with a Content-Length and again chunked. Samples the process's RSS every
20 ms and prints it before, at its peak and after, with the statuses and answer sizes. Used by
body-memory.sh.

    body-memory.py BASE_URL API_PID [MEGABYTES] [CONCURRENT] [ROUNDS]
"""
import http.client
import sys
import threading
import time
import urllib.parse

base, pid = sys.argv[1], int(sys.argv[2])
megabytes = float(sys.argv[3]) if len(sys.argv) > 3 else 6
concurrent = int(sys.argv[4]) if len(sys.argv) > 4 else 4
rounds = int(sys.argv[5]) if len(sys.argv) > 5 else 10
url = urllib.parse.urlparse(base)
count = int(megabytes * 1_000_000 / 3)
body = ('{"poses":[{"layout":"model13","keypoints":[' + ",".join(["{}"] * count) + "]}]}").encode()


def rss_mb():
    with open(f"/proc/{pid}/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) / 1024


def send(chunked, results):
    connection = http.client.HTTPConnection(url.hostname, url.port, timeout=60)
    headers = {"Content-Type": "application/json"}
    try:
        if chunked:
            connection.request("POST", "/v1/embeddings", (body[i:i + 65536] for i in range(0, len(body), 65536)), headers, encode_chunked=True)
        else:
            connection.request("POST", "/v1/embeddings", body, headers)
        response = connection.getresponse()
        results.append((response.status, len(response.read())))
    except (OSError, http.client.HTTPException) as e:  # the server may close the connection once it refuses the body
        results.append((type(e).__name__, 0))


samples, stop = [], threading.Event()


def sampler():
    while not stop.is_set():
        samples.append(rss_mb())
        time.sleep(0.02)


before = rss_mb()
threading.Thread(target=sampler, daemon=True).start()
for chunked in (False, True):
    results = []
    started = time.perf_counter()
    for _ in range(rounds):
        threads = [threading.Thread(target=send, args=(chunked, results)) for _ in range(concurrent)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    statuses = {}
    for status, size in results:
        statuses[status] = statuses.get(status, 0) + 1
    print(f"{'chunked' if chunked else 'Content-Length'}: {rounds} x {concurrent} bodies of {len(body) / 1e6:.1f} MB ({count:,} keypoints) "
          f"in {time.perf_counter() - started:.1f} s; statuses {statuses}; largest answer {max(s for _, s in results):,} bytes")
time.sleep(2)
stop.set()
print(f"service RSS: before {before:.0f} MB, peak {max(samples):.0f} MB, after {rss_mb():.0f} MB (2 s later)")
