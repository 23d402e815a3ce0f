\set r random(1, 1000)
SET hnsw.ef_search = 50;
SET hnsw.iterative_scan = relaxed_order;
SET hnsw.max_scan_tuples = 20000;
SELECT id, model_name, model_sha256, coalesce((SELECT reltuples::bigint FROM pg_class WHERE oid = to_regclass('poses_mean_hnsw_' || id)), 0) FROM collections WHERE name = 'synth-1m';
SELECT external_id, mean, stddev::vector, video_id, frame, timestamp_seconds, person, extra::text FROM poses WHERE collection_id = 1 ORDER BY mean <-> (SELECT v FROM bench_queries WHERE i = :r) LIMIT 50;
