using System.ComponentModel.DataAnnotations;

namespace PoseSearch.Storage.Migrations;

/// <summary>
/// What the schema is built with: the vector dimension (the model's embedding_dim) and the
/// HNSW build parameters. The HNSW parameters are written into the schema when migration 6 runs
/// (the definition of every collection's index); changing them later means rebuilding the
/// indexes by hand (deploy/README.md).
/// </summary>
public sealed class SchemaParameters
{
    public const string SectionName = "PoseSearch:Index";

    /// <summary>Filled from the loaded model, not from configuration.</summary>
    public int EmbeddingDim { get; set; }

    /// <summary>
    /// HNSW graph degree (pgvector default 16). 8 suits the 16-d embedding: at a million poses it
    /// keeps recall@10 at 0.9985 while each insert and each search loads half the neighbours, so the
    /// API ingests about twice as fast and a search costs PostgreSQL a fifth less CPU than with m 16
    /// and ef_construction 128 (docs/performance.md, sections 1 and 4).
    /// </summary>
    [Range(2, 100)]
    public int HnswM { get; set; } = 8;

    /// <summary>HNSW build candidate list (pgvector default 64); must be at least 2 x m.</summary>
    [Range(4, 1000)]
    public int HnswEfConstruction { get; set; } = 64;
}
