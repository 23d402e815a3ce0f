using PoseSearch.Storage.Sequences;
using PoseSearch.TestSupport;

namespace PoseSearch.Storage.Tests;

[Collection(PostgresCollection.Name)]
public class TrackWindowReaderTests(PostgresCluster postgres)
{
    private static PoseRecord Pose(string id, string? video, int? frame, int? person, float value) => new(
        id, Enumerable.Repeat(value, StorageDatabase.Dimension).ToArray(), Enumerable.Repeat(0.3f, StorageDatabase.Dimension).ToArray(),
        new float[26], Enumerable.Repeat(1f, 13).ToArray(), new PoseMetadata(video, frame, Person: person));

    [Fact]
    public async Task Each_window_gets_its_tracks_poses_in_frame_order_with_their_embeddings()
    {
        await using var db = await StorageDatabase.CreateAsync(postgres, "track_windows");
        await new CollectionStore(db.DataSource).CreateAsync("takes", "test", db.Model);
        await new CollectionStore(db.DataSource).CreateAsync("elsewhere", "test", db.Model);
        var poses = new List<PoseRecord>();
        // Video v, person 0: frames 0-19 stored in reverse order, frame 5 twice; person 1 and no person in the same video.
        poses.AddRange(Enumerable.Range(0, 20).Reverse().Select(f => Pose($"v-p0-f{f}", "v", f, 0, f)));
        poses.Add(Pose("v-p0-f5-again", "v", 5, 0, 100));
        poses.AddRange(Enumerable.Range(0, 20).Select(f => Pose($"v-p1-f{f}", "v", f, 1, 200 + f)));
        poses.AddRange(Enumerable.Range(0, 5).Select(f => Pose($"v-none-f{f}", "v", f, null, 300 + f)));
        poses.Add(Pose("no-frame", "v", null, 0, 400));
        poses.Add(Pose("no-video", null, 3, 0, 500));
        await new PoseStore(db.DataSource).IngestAsync("takes", poses, db.Model);
        await new PoseStore(db.DataSource).IngestAsync("elsewhere", [Pose("other-collection", "v", 3, 0, 600)], db.Model);

        var windows = await new TrackWindowReader(db.DataSource).ReadAsync("takes", db.Model,
        [
            new TrackWindow("v", 0, 3, 7),
            new TrackWindow("v", 1, 18, 40),
            new TrackWindow("v", null, 0, 2),
            new TrackWindow("w", 0, 0, 100),
        ]);

        Assert.Equal(4, windows.Count);
        Assert.Equal([3, 4, 5, 6, 7], windows[0].Frames);
        Assert.Equal(["v-p0-f3", "v-p0-f4", "v-p0-f5", "v-p0-f6", "v-p0-f7"], windows[0].Ids); // the first stored of frame 5
        Assert.Equal(new[] { 3f, 4f, 5f, 6f, 7f }.SelectMany(v => Enumerable.Repeat(v, StorageDatabase.Dimension)), windows[0].Means);
        Assert.All(windows[0].Stddevs, s => Assert.Equal(0.3f, s));
        Assert.Equal([18, 19], windows[1].Frames);
        Assert.Equal(218f, windows[1].Means[0]);
        Assert.Equal(["v-none-f0", "v-none-f1", "v-none-f2"], windows[2].Ids);
        Assert.Equal(0, windows[3].Count);
        Assert.Equal(new TrackWindow("w", 0, 0, 100), windows[3].Window);
    }

    [Fact]
    public async Task An_unknown_collection_or_another_models_is_refused()
    {
        await using var db = await StorageDatabase.CreateAsync(postgres, "track_windows_refused");
        await new CollectionStore(db.DataSource).CreateAsync("takes", "test", db.Model);
        var reader = new TrackWindowReader(db.DataSource);

        await Assert.ThrowsAsync<CollectionNotFoundException>(() => reader.ReadAsync("nope", db.Model, [new TrackWindow("v", 0, 0, 1)]));
        await Assert.ThrowsAsync<CollectionModelMismatchException>(() =>
            reader.ReadAsync("takes", db.Model with { Sha256 = new string('b', 64) }, [new TrackWindow("v", 0, 0, 1)]));
        Assert.Empty(await reader.ReadAsync("takes", db.Model, []));
    }
}
