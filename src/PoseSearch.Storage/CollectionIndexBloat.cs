namespace PoseSearch.Storage;

/// <summary>A collection's HNSW graph measured against the poses it holds.</summary>
/// <param name="IndexBytes">pg_relation_size of the collection's partial index (<see cref="Migrations.CollectionIndex"/>).</param>
/// <param name="LivePoses">The collection's rows now; the graph also keeps entries of deleted and replaced rows until a vacuum, and their space after.</param>
public sealed record CollectionIndexBloat(long CollectionId, string Collection, long IndexBytes, long LivePoses)
{
    /// <summary>Index bytes per live pose; an empty collection counts as one pose.</summary>
    public double BytesPerPose => IndexBytes / (double)Math.Max(1, LivePoses);

    /// <summary>Whether the graph is worth rebuilding under <paramref name="policy"/>.</summary>
    public bool Exceeds(IndexRebuildPolicy policy) => IndexBytes >= policy.MinIndexBytes && BytesPerPose > policy.MaxBytesPerPose;
}
