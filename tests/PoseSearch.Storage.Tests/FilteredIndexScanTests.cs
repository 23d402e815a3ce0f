using Npgsql;
using PoseSearch.Api.Tests.Infrastructure;
using PoseSearch.Embedding;
using PoseSearch.Storage;

namespace PoseSearch.Api.Tests;

/// <summary>
/// The storage layer on its own (as the CLI uses it): a collection where a filter keeps one pose
/// in 30. That is common enough for the planner to pick the HNSW index (for rarer values it scans
/// exactly instead), so without iterative index scans the index returns its ef_search nearest
/// means and the filter leaves too few; with pgvector 0.8's iterative scans the search keeps
/// walking the index and never comes back short.
/// </summary>
[Collection(ServiceTestGroup.Name)]
public sealed class FilteredIndexScanTests(ServiceFixture fixture)
{
    private const int Size = 10000;
    private const int RarePerson = 7;

    private async Task<(string Name, ModelIdentity Model)> SeedAsync()
    {
        var services = fixture.Factory.Services;
        var model = services.GetRequiredService<ModelIdentity>();
        var name = "scan-" + Guid.NewGuid().ToString("N")[..10];
        await services.GetRequiredService<CollectionStore>().CreateAsync(name, null, model);

        var random = new Random(1234);
        var d = model.EmbeddingDim;
        var records = Enumerable.Range(0, Size).Select(i => new PoseRecord(
            $"p{i}",
            Enumerable.Range(0, d).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray(),
            Enumerable.Repeat(0.3f, d).ToArray(),
            new float[26],
            Enumerable.Repeat(1f, 13).ToArray(),
            new PoseMetadata(VideoId: "v", Frame: i, Person: i % 30 == 3 ? RarePerson : 0))).ToList();
        var result = await services.GetRequiredService<PoseStore>().IngestAsync(name, records, model);
        Assert.Equal(Size, result.Inserted);
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        await connection.OpenAsync();
        await using var analyze = new NpgsqlCommand("ANALYZE poses", connection);
        await analyze.ExecuteNonQueryAsync();
        return (name, model);
    }

    [Fact]
    public async Task A_selective_filter_is_short_without_iterative_scans_and_complete_with_them()
    {
        var (name, model) = await SeedAsync();
        var services = fixture.Factory.Services;
        var dataSource = services.GetRequiredService<NpgsqlDataSource>();
        var scorer = services.GetRequiredService<PoseEmbedder>().MatchModel;
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
