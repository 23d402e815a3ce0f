namespace PoseSearch.Storage;

/// <summary>One rebuilt graph: its size before and after, and how long REINDEX took.</summary>
public sealed record CollectionIndexRebuild(string Collection, long LivePoses, long BytesBefore, long BytesAfter, TimeSpan Took);
