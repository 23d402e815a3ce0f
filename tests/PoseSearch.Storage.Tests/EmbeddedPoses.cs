using PoseSearch.Storage;

namespace PoseSearch.Storage.Tests;

/// <summary>Already-embedded poses for storage-level tests, without running the model.</summary>
internal static class EmbeddedPoses
{
    /// <summary>
    /// <paramref name="count"/> poses "{prefix}0", "{prefix}1", ... whose means lie on a line (every
    /// component 0.01 x i), so the nearest to the origin is "{prefix}0"; stddev 0.3 everywhere.
    /// </summary>
    public static List<PoseRecord> OnALine(string prefix, int count, int dimension) =>
        Enumerable.Range(0, count).Select(i => new PoseRecord(
            $"{prefix}{i}", Enumerable.Repeat(0.01f * i, dimension).ToArray(), Enumerable.Repeat(0.3f, dimension).ToArray(),
            new float[26], Enumerable.Repeat(1f, 13).ToArray(), PoseMetadata.Empty)).ToList();
}
