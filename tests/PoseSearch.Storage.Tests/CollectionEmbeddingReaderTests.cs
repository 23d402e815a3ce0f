using PoseSearch.TestSupport;

namespace PoseSearch.Storage.Tests;

[Collection(PostgresCollection.Name)]
public class CollectionEmbeddingReaderTests(PostgresCluster postgres)
{
    [Fact]
    public async Task Reads_back_every_stored_embedding_of_the_collection_and_no_other()
    {
        await using var db = await StorageDatabase.CreateAsync(postgres, "reader_all");
        var stored = await db.CreateCollectionAsync("mine", 25);
        await db.CreateCollectionAsync("other", 7);

        var read = await new CollectionEmbeddingReader(db.DataSource).ReadAllAsync("mine", StorageDatabase.Dimension);

        Assert.Equal(25, read.Count);
        Assert.Equal(StorageDatabase.Dimension, read.Dimension);
        var byId = stored.ToDictionary(p => p.ExternalId);
        for (var row = 0; row < read.Count; row++)
        {
            var expected = byId[read.Ids[row]];
            Assert.Equal(expected.Mean, read.Means.AsSpan(row * read.Dimension, read.Dimension).ToArray());
            Assert.Equal(expected.Stddev, read.Stddevs.AsSpan(row * read.Dimension, read.Dimension).ToArray());
        }
        Assert.Equal(stored.Select(p => p.ExternalId).Order(), read.Ids.Order());
    }

    [Fact]
    public async Task An_empty_collection_reads_as_no_rows_and_a_missing_one_is_not_found()
    {
        await using var db = await StorageDatabase.CreateAsync(postgres, "reader_empty");
        await db.CreateCollectionAsync("empty", 0);
        var reader = new CollectionEmbeddingReader(db.DataSource);

        Assert.Equal(0, (await reader.ReadAllAsync("empty", StorageDatabase.Dimension)).Count);
        var missing = await Assert.ThrowsAsync<CollectionNotFoundException>(() => reader.ReadAllAsync("nope", StorageDatabase.Dimension));
        Assert.Equal("collection 'nope' does not exist", missing.Message);
    }

    [Fact]
    public async Task Rows_of_another_dimension_than_the_model_are_refused()
    {
        await using var db = await StorageDatabase.CreateAsync(postgres, "reader_dimension");
        await db.CreateCollectionAsync("mine", 3);

        await Assert.ThrowsAsync<InvalidDataException>(() =>
            new CollectionEmbeddingReader(db.DataSource).ReadAllAsync("mine", StorageDatabase.Dimension + 1));
    }

    [Fact]
    public void Arrays_that_do_not_make_n_rows_of_the_dimension_are_refused()
    {
        Assert.Throws<ArgumentException>(() => CollectionEmbeddings.FromArrays(["a", "b"], new float[8], new float[7], 4));
        Assert.Equal(2, CollectionEmbeddings.FromArrays(["a", "b"], new float[8], new float[8], 4).Count);
    }
}
