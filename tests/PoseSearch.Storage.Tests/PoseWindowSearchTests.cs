using PoseSearch.Core.Sequences;
using PoseSearch.Storage.Sequences;
using PoseSearch.TestSupport;

namespace PoseSearch.Storage.Tests;

[Collection(PostgresCollection.Name)]
public class PoseWindowSearchTests(PostgresCluster postgres)
{
    private static readonly ModelIdentity Temporal = new("temporal-test", new string('t', 64), StorageDatabase.Dimension);

    private static PoseRecord Pose(string video, int frame)
    {
        var keypoints = new float[26];
        for (var j = 0; j < 13; j++)
        {
            keypoints[2 * j] = 100 + 13 * j + (j % 2 == 0 ? 5 : 0);
            keypoints[2 * j + 1] = 50 + 20 * j;
        }

        keypoints[0] = frame; // the fake embedder's marker
        return new PoseRecord($"{video}-{frame}", new float[StorageDatabase.Dimension], Enumerable.Repeat(0.5f, StorageDatabase.Dimension).ToArray(),
            keypoints, Enumerable.Repeat(1f, 13).ToArray(), new PoseMetadata(video, frame, Person: 0));
    }

    /// <summary>A window's mean: its centre frame's marker, spread over the dimensions.</summary>
    private static Task<(float[] Means, float[] Stddevs)> CentreEmbedder(IReadOnlyList<PoseWindow> windows, CancellationToken _) =>
        Task.FromResult((
            windows.SelectMany(w => Enumerable.Repeat(w.Frames[w.Length / 2].Coordinates[0] / 10f, StorageDatabase.Dimension)).ToArray(),
            windows.SelectMany(_ => Enumerable.Repeat(0.2f, StorageDatabase.Dimension)).ToArray()));

    [Fact]
    public async Task The_nearest_windows_come_back_most_probable_first_and_only_for_the_model_that_built_them()
    {
        await using var db = await StorageDatabase.CreateAsync(postgres, "pose_window_search");
        var collections = new CollectionStore(db.DataSource);
        await collections.CreateAsync("takes", "test", db.Model);
        await collections.CreateAsync("other", "test", db.Model);
        await new PoseStore(db.DataSource).IngestAsync("takes", Enumerable.Range(0, 50).Select(f => Pose("v", f)).ToList(), db.Model);
        await new PoseStore(db.DataSource).IngestAsync("other", Enumerable.Range(0, 50).Select(f => Pose("elsewhere", f)).ToList(), db.Model);
        var builder = new PoseWindowBuilder(db.DataSource);
        await builder.BuildAsync("takes", Temporal, 3, 1, CentreEmbedder);
        await builder.BuildAsync("other", Temporal, 3, 1, CentreEmbedder);
        var search = new PoseWindowSearch(db.DataSource);

        Assert.Null(await search.FindSetAsync("takes", Temporal with { Sha256 = new string('u', 64) }));
        Assert.Null(await search.FindSetAsync("nope", Temporal));
        var id = await search.FindSetAsync("takes", Temporal);
        Assert.NotNull(id);

        // Two query windows: near frame 12 and near frame 40.
        var means = Enumerable.Repeat(1.21f, 4).Concat(Enumerable.Repeat(4.0f, 4)).ToArray();
        var stddevs = Enumerable.Repeat(0.2f, 8).ToArray();
        var hits = await search.SearchAsync(id.Value, StorageDatabase.Scorer, means, stddevs, k: 3);

        Assert.Equal(2, hits.Count);
        // Each query window gets its own neighbours (L2 on the mean), never the other collection's.
        Assert.Equal([11, 12, 13], hits[0].Select(h => h.Frame).Order());
        Assert.All(hits.SelectMany(h => h), h => Assert.Equal(("v", (int?)0), (h.VideoId, h.Person)));
        Assert.Equal([39, 40, 41], hits[1].Select(h => h.Frame).Order());
        Assert.Equal(hits[0].Select(h => h.Probability).OrderDescending(), hits[0].Select(h => h.Probability));
    }
}
