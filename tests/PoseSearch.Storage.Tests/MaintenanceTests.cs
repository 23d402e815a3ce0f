using PoseSearch.Storage.Migrations;
using PoseSearch.TestSupport;

namespace PoseSearch.Storage.Tests;

[Collection(PostgresCollection.Name)]
public class MaintenanceTests(PostgresCluster postgres)
{
    [Fact]
    public async Task A_collections_index_is_dropped_and_rebuilt_without_touching_another_collections()
    {
        await using var db = await StorageDatabase.CreateAsync(postgres, "index_control");
        await db.CreateCollectionAsync("bulk", 40);
        await db.CreateCollectionAsync("other", 5);
        var index = new CollectionIndexMaintenance(db.DataSource);
        Assert.True(await index.ExistsAsync("bulk"));   // created with the collection (migration 6)

        await index.DropAsync("bulk");
        Assert.False(await index.ExistsAsync("bulk"));
        Assert.True(await index.ExistsAsync("other"));
        await index.DropAsync("bulk");                 // a second drop is harmless

        var took = await index.CreateAsync("bulk", new SchemaParameters { EmbeddingDim = StorageDatabase.Dimension, HnswM = 4, HnswEfConstruction = 16 });
        Assert.True(took > TimeSpan.Zero);
        Assert.True(await index.ExistsAsync("bulk"));
        Assert.Equal(1, await db.ScalarAsync(
            "SELECT count(*) FROM pg_indexes i JOIN collections c ON i.indexname = 'poses_mean_hnsw_' || c.id " +
            "WHERE c.name = 'bulk' AND i.indexdef LIKE '%m=''4''%' AND i.indexdef LIKE '%ef_construction=''16''%'"));
    }

    [Fact]
    public async Task Index_control_of_a_missing_collection_is_not_found()
    {
        await using var db = await StorageDatabase.CreateAsync(postgres, "index_missing");
        var index = new CollectionIndexMaintenance(db.DataSource);

        await Assert.ThrowsAsync<CollectionNotFoundException>(() => index.ExistsAsync("nope"));
        await Assert.ThrowsAsync<CollectionNotFoundException>(() => index.DropAsync("nope"));
        await Assert.ThrowsAsync<CollectionNotFoundException>(() => index.CreateAsync("nope", StorageDatabase.Schema));
    }

    [Fact]
    public async Task Analyze_gives_the_planner_the_row_count_and_the_size_counts_table_and_indexes()
    {
        await using var db = await StorageDatabase.CreateAsync(postgres, "table_upkeep");
        await db.CreateCollectionAsync("rows", 60);
        var table = new PoseTableMaintenance(db.DataSource);

        await table.AnalyzeAsync();
        var size = await table.SizeAsync();

        Assert.Equal(60, await db.ScalarAsync("SELECT reltuples::bigint FROM pg_class WHERE oid = 'poses'::regclass"));
        Assert.True(size.TableBytes > 0);
        Assert.True(size.IndexBytes > 0);
    }
}
