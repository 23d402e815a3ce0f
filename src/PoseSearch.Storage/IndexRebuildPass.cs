namespace PoseSearch.Storage;

/// <summary>The outcome of one pass of <see cref="CollectionIndexRebuilder.RunAsync"/>.</summary>
/// <param name="Ran">False when another process held the maintenance lock, so this one did nothing.</param>
/// <param name="Measured">Every collection's graph as measured at the start of the pass.</param>
/// <param name="Rebuilt">The graphs rebuilt, in order.</param>
public sealed record IndexRebuildPass(bool Ran, IReadOnlyList<CollectionIndexBloat> Measured, IReadOnlyList<CollectionIndexRebuild> Rebuilt)
{
    public static IndexRebuildPass Skipped { get; } = new(false, [], []);
}
