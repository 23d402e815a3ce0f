using PoseSearch.TestSupport;

namespace PoseSearch.Storage.Tests;

/// <summary>
/// The storage layer on its own (as the CLI uses it): a collection where a filter keeps one pose
/// in 30. That is common enough for the planner to pick the HNSW index (for rarer values it scans
/// exactly instead), so without iterative index scans the index returns its ef_search nearest
/// means and the filter leaves too few; with pgvector 0.8's iterative scans the search keeps
/// walking the index and never comes back short.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class FilteredIndexScanTests(PostgresCluster postgres)
{
    private const int Size = 10000;
    private const int RarePerson = 7;

    private static async Task<string> SeedAsync(StorageDatabase db)
    {
        var model = db.Model;
        var name = "scan";
        await new CollectionStore(db.DataSource).CreateAsync(name, null, model);

        var random = new Random(1234);
        var d = model.EmbeddingDim;
        var records = Enumerable.Range(0, Size).Select(i => new PoseRecord(
            $"p{i}",
            Enumerable.Range(0, d).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray(),
            Enumerable.Repeat(0.3f, d).ToArray(),
            new float[26],
            Enumerable.Repeat(1f, 13).ToArray(),
            new PoseMetadata(VideoId: "v", Frame: i, Person: i % 30 == 3 ? RarePerson : 0))).ToList();
        var result = await new PoseStore(db.DataSource).IngestAsync(name, records, model);
        Assert.Equal(Size, result.Inserted);
        await db.ScalarAsync("ANALYZE poses");
        return name;
    }

    [Fact]
    public async Task A_selective_filter_is_short_without_iterative_scans_and_complete_with_them()
    {
        await using var db = await StorageDatabase.CreateAsync(postgres, "filtered_scan");
        var name = await SeedAsync(db);
        var (model, scorer, dataSource) = (db.Model, StorageDatabase.Scorer, db.DataSource);
        var d = model.EmbeddingDim;
        var query = new SearchQuery(new float[d], Enumerable.Repeat(0.3f, d).ToArray(), K: 20, Filter: new SearchFilter(Person: RarePerson));

        int Hits(IterativeScanMode mode) => new TwoStageSearch(dataSource, new SearchOptions { Candidates = 20, EfSearch = 20, IterativeScan = mode })
            .SearchAsync(name, model, scorer, query).GetAwaiter().GetResult().Hits.Count;

        Assert.True(Hits(IterativeScanMode.Off) < 20, "without iterative scans the filtered HNSW search should come back short (is the index used?)");
        Assert.Equal(20, Hits(IterativeScanMode.RelaxedOrder));
        Assert.Equal(20, Hits(IterativeScanMode.StrictOrder));

        var unfiltered = await new TwoStageSearch(dataSource, new SearchOptions { Candidates = 50 })
            .SearchAsync(name, model, scorer, query with { Filter = null, K = 20 });
        Assert.Equal(20, unfiltered.Hits.Count);
        Assert.Equal(50, unfiltered.CandidatesScored);
    }
}
