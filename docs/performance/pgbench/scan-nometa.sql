\set r random(1, 1000)
SELECT external_id, mean, stddev::vector FROM poses WHERE collection_id = 1 ORDER BY mean <-> (SELECT v FROM bench_queries WHERE i = :r) LIMIT 50;
