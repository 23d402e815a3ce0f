using System.Globalization;

namespace PoseSearch.Storage.Migrations;

/// <summary>
/// The ordered schema history. Append new steps at the end; never edit an applied one, since
/// schema_migrations records versions, not contents.
/// </summary>
public static class MigrationCatalog
{
    public static IReadOnlyList<Migration> For(SchemaParameters parameters)
    {
        if (parameters.EmbeddingDim < 1 || parameters.EmbeddingDim > 16000)
        {
            throw new ArgumentOutOfRangeException(nameof(parameters), $"embedding dimension {parameters.EmbeddingDim} is outside 1..16000");
        }

        if (parameters.HnswEfConstruction < 2 * parameters.HnswM)
        {
            throw new ArgumentOutOfRangeException(
                nameof(parameters),
                $"HnswEfConstruction ({parameters.HnswEfConstruction}) must be at least 2 x HnswM ({parameters.HnswM})");
        }

        var d = parameters.EmbeddingDim.ToString(CultureInfo.InvariantCulture);
        var m = parameters.HnswM.ToString(CultureInfo.InvariantCulture);
        var ef = parameters.HnswEfConstruction.ToString(CultureInfo.InvariantCulture);
        var collectionIndexFormat = CollectionIndex.Template(parameters, "%I", "%s");
        const string prefix = CollectionIndex.NamePrefix;

        return
        [
            new Migration(1, "vector extension", "CREATE EXTENSION IF NOT EXISTS vector;"),
            new Migration(2, "collections", """
                CREATE TABLE collections (
                    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    name          text NOT NULL UNIQUE,
                    description   text,
                    model_name    text NOT NULL,
                    model_sha256  text NOT NULL,
                    embedding_dim integer NOT NULL,
                    created_at    timestamptz NOT NULL DEFAULT now()
                );
                """),
            new Migration(3, "poses", $"""
                CREATE TABLE poses (
                    id                bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    collection_id     bigint NOT NULL REFERENCES collections (id) ON DELETE CASCADE,
                    external_id       text NOT NULL,
                    mean              vector({d}) NOT NULL,
                    stddev            real[] NOT NULL CHECK (cardinality(stddev) = {d}),
                    keypoints         real[] NOT NULL CHECK (cardinality(keypoints) = 26),
                    visibility        real[] NOT NULL CHECK (cardinality(visibility) = 13),
                    video_id          text,
                    frame             integer,
                    timestamp_seconds double precision,
                    person            integer,
                    extra             jsonb,
                    updated_at        timestamptz NOT NULL DEFAULT now(),
                    CONSTRAINT poses_collection_external_id UNIQUE (collection_id, external_id)
                );
                CREATE INDEX poses_collection_video ON poses (collection_id, video_id);
                """),
            new Migration(4, "hnsw index on the mean", $"""
                CREATE INDEX poses_mean_hnsw ON poses USING hnsw (mean vector_l2_ops) WITH (m = {m}, ef_construction = {ef});
                """),
            // Deleted and replaced poses stay in the HNSW graph until a vacuum, and every search walks
            // and discards them: 78,577 dead rows in a million cut search throughput by a sixth
            // (docs/performance.md). Autovacuum's default waits for 20 % of the table; 1 % + 1,000 rows
            // keeps the dead share small at the price of more frequent, shorter vacuums.
            new Migration(5, "vacuum poses sooner", """
                ALTER TABLE poses SET (autovacuum_vacuum_scale_factor = 0.01, autovacuum_vacuum_threshold = 1000);
                """),
            // One HNSW graph per collection instead of one for all: in a shared graph a collection of
            // 10,000 poses beside one of 1,000,000 had recall@10 0.95 and 18 ms searches, since its
            // poses' nearest neighbours all belonged to the big one (docs/performance.md). Each
            // collection gets a partial index on "collection_id = <id>" when it is created (trigger),
            // which is dropped with it; existing collections get theirs here.
            new Migration(6, "one hnsw index per collection", $$"""
                CREATE FUNCTION posesearch_pose_index_sql(collection bigint) RETURNS text
                LANGUAGE sql IMMUTABLE AS $f$
                    SELECT format('{{collectionIndexFormat}}', '{{prefix}}' || collection, collection)
                $f$;
                CREATE FUNCTION posesearch_create_pose_index() RETURNS trigger
                LANGUAGE plpgsql AS $f$
                BEGIN
                    EXECUTE posesearch_pose_index_sql(NEW.id);
                    RETURN NULL;
                END
                $f$;
                CREATE FUNCTION posesearch_drop_pose_index() RETURNS trigger
                LANGUAGE plpgsql AS $f$
                BEGIN
                    EXECUTE format('DROP INDEX IF EXISTS %I', '{{prefix}}' || OLD.id);
                    RETURN NULL;
                END
                $f$;
                CREATE TRIGGER collections_create_pose_index AFTER INSERT ON collections
                    FOR EACH ROW EXECUTE FUNCTION posesearch_create_pose_index();
                CREATE TRIGGER collections_drop_pose_index AFTER DELETE ON collections
                    FOR EACH ROW EXECUTE FUNCTION posesearch_drop_pose_index();
                DO $f$
                DECLARE c record;
                BEGIN
                    FOR c IN SELECT id FROM collections ORDER BY id LOOP
                        EXECUTE posesearch_pose_index_sql(c.id);
                    END LOOP;
                END
                $f$;
                DROP INDEX IF EXISTS poses_mean_hnsw;
                """),
            // Re-embedding a collection with another model (CollectionReembedder): the new embeddings go into a
            // hidden shadow collection with its own HNSW graph, which takes over the name in one transaction;
            // reembed_jobs records each run and its progress, so a crashed run resumes where it stopped.
            new Migration(7, "re-embedding jobs", """
                ALTER TABLE collections ADD COLUMN hidden boolean NOT NULL DEFAULT false;
                CREATE TABLE reembed_jobs (
                    id                   bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
                    collection           text NOT NULL,
                    source_collection_id bigint NOT NULL,
                    shadow_collection_id bigint NOT NULL,
                    model_name           text NOT NULL,
                    model_sha256         text NOT NULL,
                    state                text NOT NULL CHECK (state IN ('running', 'done', 'failed')),
                    total                bigint NOT NULL,
                    done                 bigint NOT NULL DEFAULT 0,
                    last_pose_id         bigint NOT NULL DEFAULT 0,
                    error                text,
                    started_at           timestamptz NOT NULL DEFAULT now(),
                    updated_at           timestamptz NOT NULL DEFAULT now(),
                    finished_at          timestamptz
                );
                CREATE UNIQUE INDEX reembed_jobs_one_running ON reembed_jobs (collection) WHERE state = 'running';
                """),
            // Under steady churn (upserts and deletes, docs/reliability.md section 5) one autovacuum of poses at the
            // default cost limits took 17 minutes, most of it repairing the HNSW graphs, while dead tuples piled up
            // to 12x the live rows and the graphs grew tenfold. Without the cost delay the same soak ran 11 passes in
            // 30 minutes on a busy machine, and dead tuples peaked at 109,000 instead of 346,000.
            // Inserts (bulk loads, new poses) trigger one too, at the same 1 % + 1,000 rows as migration 5, so new
            // rows are marked all-visible before the next churn.
            new Migration(8, "vacuum poses without a cost delay", """
                ALTER TABLE poses SET (autovacuum_vacuum_cost_delay = 0, autovacuum_vacuum_insert_scale_factor = 0.01, autovacuum_vacuum_insert_threshold = 1000);
                """),
            // Temporal windows (issue 14, item 3): one row per stored pose of a track (video_id, person), the
            // temporal model's embedding of the window of T frames centred on it. pose_window_sets says which
            // temporal model built a collection's windows and what the poses were then (count, latest change),
            // so staleness is exact. Each set gets a partial HNSW index of its own (PoseWindowIndex), built by
            // the rebuild's transaction after its COPY; the collection's delete trigger drops it.
            new Migration(9, "temporal windows", $$"""
                CREATE TABLE pose_window_sets (
                    collection_id     bigint PRIMARY KEY REFERENCES collections (id) ON DELETE CASCADE,
                    model_name        text NOT NULL,
                    model_sha256      text NOT NULL,
                    window_count      bigint NOT NULL,
                    pose_count        bigint NOT NULL,
                    poses_updated_at  timestamptz,
                    built_at          timestamptz NOT NULL DEFAULT now()
                );
                CREATE TABLE pose_windows (
                    collection_id bigint NOT NULL REFERENCES pose_window_sets (collection_id) ON DELETE CASCADE,
                    video_id      text NOT NULL,
                    person        integer,
                    frame         integer NOT NULL,
                    mean          vector({{d}}) NOT NULL,
                    stddev        real[] NOT NULL CHECK (cardinality(stddev) = {{d}})
                );
                -- A rebuild's or a collection's delete cascades by collection_id: without it, a scan of every set.
                CREATE INDEX pose_windows_collection ON pose_windows (collection_id);
                CREATE OR REPLACE FUNCTION posesearch_drop_pose_index() RETURNS trigger
                LANGUAGE plpgsql AS $f$
                BEGIN
                    EXECUTE format('DROP INDEX IF EXISTS %I', '{{prefix}}' || OLD.id);
                    EXECUTE format('DROP INDEX IF EXISTS %I', '{{PoseWindowIndex.NamePrefix}}' || OLD.id);
                    RETURN NULL;
                END
                $f$;
                """),
        ];
    }
}
