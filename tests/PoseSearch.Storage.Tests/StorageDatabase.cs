using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PoseSearch.Core.Scoring;
using PoseSearch.Storage.Migrations;
using PoseSearch.TestSupport;

namespace PoseSearch.Storage.Tests;

/// <summary>A fresh, migrated database of the shared cluster, with a small embedding dimension and helpers to fill it.</summary>
internal sealed class StorageDatabase : IAsyncDisposable
{
    public const int Dimension = 4;

    private StorageDatabase(NpgsqlDataSource dataSource) => DataSource = dataSource;

    public NpgsqlDataSource DataSource { get; }

    public ModelIdentity Model { get; } = new("test-model", new string('a', 64), Dimension);

    public static SchemaParameters Schema => new() { EmbeddingDim = Dimension };

    /// <summary>A match probability of the test dimension (fixed draws for eps), to re-rank with.</summary>
    public static MatchProbabilityModel Scorer { get; } = new(
        1f, 0f, 0.1f, Enumerable.Range(0, 8 * Dimension).Select(i => MathF.Sin(i * 1.7f)).ToArray(), Dimension);

    public static async Task<StorageDatabase> CreateAsync(PostgresCluster postgres, string name)
    {
        var dataSource = PoseSearchDataSource.Create(await postgres.CreateDatabaseAsync(name));
        await new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance).ApplyAsync(Schema);
        return new StorageDatabase(dataSource);
    }

    /// <summary>Creates the collection and appends <paramref name="count"/> poses whose embedding values encode their row.</summary>
    public async Task<IReadOnlyList<PoseRecord>> CreateCollectionAsync(string name, int count)
    {
        await new CollectionStore(DataSource).CreateAsync(name, "test", Model);
        var poses = Enumerable.Range(0, count).Select(i => Pose($"{name}-{i}", i)).ToList();
        if (count > 0)
        {
            await new PoseBulkLoader(DataSource).AppendAsync(name, poses, Model);
        }

        return poses;
    }

    public async Task<long> ScalarAsync(string sql)
    {
        await using var command = DataSource.CreateCommand(sql);
        return Convert.ToInt64(await command.ExecuteScalarAsync());
    }

    public ValueTask DisposeAsync() => DataSource.DisposeAsync();

    private static PoseRecord Pose(string id, int row) => new(
        id,
        Enumerable.Range(0, Dimension).Select(d => row + d / 10f).ToArray(),
        Enumerable.Range(0, Dimension).Select(d => 0.5f + row / 100f + d / 1000f).ToArray(),
        new float[26],
        Enumerable.Repeat(1f, 13).ToArray(),
        PoseMetadata.Empty);
}
