using System.Globalization;

namespace PoseSearch.Storage.Migrations;

/// <summary>
/// The HNSW index of one collection's temporal windows (schema migration 9): partial on its id, as
/// <see cref="CollectionIndex"/> is for poses, so a collection's windows search a graph of their own.
/// Built by <see cref="PoseSearch.Storage.Sequences.PoseWindowBuilder"/> after each rebuild's COPY.
/// </summary>
public static class PoseWindowIndex
{
    public const string NamePrefix = "pose_windows_mean_hnsw_";

    public static string Name(long collectionId) => NamePrefix + collectionId.ToString(CultureInfo.InvariantCulture);

    public static string Definition(long collectionId, SchemaParameters parameters) => string.Create(CultureInfo.InvariantCulture,
        $"CREATE INDEX {Name(collectionId)} ON pose_windows USING hnsw (mean vector_l2_ops) WITH (m = {parameters.HnswM}, ef_construction = {parameters.HnswEfConstruction}) WHERE collection_id = {collectionId}");
}
