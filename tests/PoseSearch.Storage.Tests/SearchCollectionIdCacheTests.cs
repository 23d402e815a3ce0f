using PoseSearch.TestSupport;

namespace PoseSearch.Storage.Tests;

/// <summary>
/// TwoStageSearch remembers each collection's row id to search in one round trip, and checks it
/// against the database on every search: a collection deleted and re-created under the same name
/// must be searched under its new id, and a deleted one must be reported as missing.
/// </summary>
[Collection(PostgresCollection.Name)]
public sealed class SearchCollectionIdCacheTests(PostgresCluster postgres)
{
    [Fact]
    public async Task A_re_created_collection_is_searched_under_its_new_id_and_a_deleted_one_is_missing()
    {
        await using var db = await StorageDatabase.CreateAsync(postgres, "idcache");
        var (model, scorer) = (db.Model, StorageDatabase.Scorer);
        var collections = new CollectionStore(db.DataSource);
        var store = new PoseStore(db.DataSource);
        var search = new TwoStageSearch(db.DataSource, new SearchOptions { Candidates = 10 });
        var name = "idcache-" + Guid.NewGuid().ToString("N")[..10];
        var d = model.EmbeddingDim;
        var query = new SearchQuery(new float[d], Enumerable.Repeat(0.3f, d).ToArray(), K: 5);

        async Task FillAsync(string prefix)
        {
            await collections.CreateAsync(name, null, model);
            await store.IngestAsync(name, EmbeddedPoses.OnALine(prefix, 5, d), model);
        }

        await FillAsync("old");
        var first = await search.SearchAsync(name, model, scorer, query);
        Assert.All(first.Hits, h => Assert.StartsWith("old", h.ExternalId));

        await collections.DeleteAsync(name);
        await FillAsync("new");
        var second = await search.SearchAsync(name, model, scorer, query);
        Assert.Equal(5, second.Hits.Count);
        Assert.All(second.Hits, h => Assert.StartsWith("new", h.ExternalId));

        await collections.DeleteAsync(name);
        await Assert.ThrowsAsync<CollectionNotFoundException>(() => search.SearchAsync(name, model, scorer, query));
    }
}
