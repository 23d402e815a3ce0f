using PoseSearch.TestSupport;

namespace PoseSearch.Storage.Tests;

/// <summary>
/// hnsw.ef_search follows the size of the searched collection's graph: small graphs (and ones
/// whose size PostgreSQL has not estimated yet) get SmallCollectionEfSearch, large ones EfSearch.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SearchEfSearchBySizeTests(PostgresCluster postgres)
{
    [Theory]
    [InlineData(null, 10, 200)]    // size not known yet: the careful setting
    [InlineData(0L, 10, 200)]
    [InlineData(299_999L, 10, 200)]
    [InlineData(300_000L, 10, 50)]
    [InlineData(5_000_000L, 10, 50)]
    [InlineData(5_000_000L, 80, 80)]  // never below C
    [InlineData(10L, 2000, 1000)]     // at most 1000
    public void The_rule(long? poses, int candidates, int expected)
        => Assert.Equal(expected, new SearchOptions().EfSearchFor(poses, candidates));

    [Fact]
    public void Zero_applies_EfSearch_to_every_collection()
        => Assert.Equal(64, new SearchOptions { EfSearch = 64, LargeCollectionPoses = 0 }.EfSearchFor(10, 10));

    [Fact]
    public async Task A_search_uses_the_size_PostgreSQL_estimated_for_the_collections_graph()
    {
        await using var db = await StorageDatabase.CreateAsync(postgres, "efsize");
        var (model, scorer, dataSource) = (db.Model, StorageDatabase.Scorer, db.DataSource);
        var name = "efsize";
        var d = model.EmbeddingDim;
        await new CollectionStore(dataSource).CreateAsync(name, null, model);
        await new PoseStore(dataSource).IngestAsync(name, EmbeddedPoses.OnALine("p", 30, d), model);
        var search = new TwoStageSearch(dataSource, new SearchOptions { Candidates = 10, EfSearch = 40, SmallCollectionEfSearch = 120, LargeCollectionPoses = 20 });
        var query = new SearchQuery(new float[d], Enumerable.Repeat(0.3f, d).ToArray(), K: 5);

        // First search: the size is not known yet. Second: the index was just created empty (0 entries).
        Assert.Equal(120, (await search.SearchAsync(name, model, scorer, query)).EfSearch);
        Assert.Equal(120, (await search.SearchAsync(name, model, scorer, query)).EfSearch);

        // ANALYZE estimates the graph's entries (30: the sample holds every row); from then on the collection is "large" (>= 20).
        await using (var analyze = dataSource.CreateCommand("ANALYZE poses"))
        {
            await analyze.ExecuteNonQueryAsync();
        }

        await search.SearchAsync(name, model, scorer, query); // reads the new size
        var result = await search.SearchAsync(name, model, scorer, query);
        Assert.Equal(40, result.EfSearch);
        Assert.Equal(5, result.Hits.Count);
    }
}
