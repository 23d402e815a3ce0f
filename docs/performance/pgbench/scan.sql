\set r random(1, 1000)
SELECT external_id, mean, stddev::vector, video_id, frame, timestamp_seconds, person, extra::text FROM poses WHERE collection_id = 1 ORDER BY mean <-> (SELECT v FROM bench_queries WHERE i = :r) LIMIT 50;
