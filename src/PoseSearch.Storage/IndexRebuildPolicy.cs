namespace PoseSearch.Storage;

/// <summary>When a collection's HNSW graph is rebuilt (<see cref="CollectionIndexRebuilder"/>).</summary>
/// <param name="MaxBytesPerPose">Rebuild above this many index bytes per live pose.</param>
/// <param name="MinIndexBytes">Never rebuild an index smaller than this: small graphs cost little to walk, whatever their ratio.</param>
public sealed record IndexRebuildPolicy(double MaxBytesPerPose, long MinIndexBytes);
