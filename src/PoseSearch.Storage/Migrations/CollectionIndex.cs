using System.Globalization;

namespace PoseSearch.Storage.Migrations;

/// <summary>
/// Each collection's HNSW index (schema migration 6): partial on its id, so that every collection
/// searches a graph of its own. The one place that names it and writes its definition: the
/// migration's trigger, the search's size lookup and the bulk loader's rebuild all use this.
/// </summary>
public static class CollectionIndex
{
    public const string NamePrefix = "poses_mean_hnsw_";

    public static string Name(long collectionId) => NamePrefix + collectionId.ToString(CultureInfo.InvariantCulture);

    /// <summary>The CREATE INDEX of one collection's graph.</summary>
    public static string Definition(long collectionId, SchemaParameters parameters) =>
        Template(parameters, Name(collectionId), collectionId.ToString(CultureInfo.InvariantCulture));

    /// <summary>The same statement with the name and id left to the caller, e.g. as format() placeholders in SQL.</summary>
    internal static string Template(SchemaParameters parameters, string name, string collectionId) => string.Create(CultureInfo.InvariantCulture,
        $"CREATE INDEX {name} ON poses USING hnsw (mean vector_l2_ops) WITH (m = {parameters.HnswM}, ef_construction = {parameters.HnswEfConstruction}) WHERE collection_id = {collectionId}");
}
