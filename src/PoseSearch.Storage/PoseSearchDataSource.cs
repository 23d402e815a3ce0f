using Dapper;
using Npgsql;

namespace PoseSearch.Storage;

/// <summary>Builds the Npgsql data source the storage classes share (pgvector types enabled).</summary>
public static class PoseSearchDataSource
{
    private static int _dapperConfigured;

    public static NpgsqlDataSource Create(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException(
                "The PostgreSQL connection string is empty (ConnectionStrings:PoseSearch, environment variable ConnectionStrings__PoseSearch).",
                nameof(connectionString));
        }

        ConfigureDapper();
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        builder.UseVector();
        return builder.Build();
    }

    /// <summary>Registers the Dapper type handlers once per process.</summary>
    public static void ConfigureDapper()
    {
        if (Interlocked.Exchange(ref _dapperConfigured, 1) == 0)
        {
            SqlMapper.AddTypeHandler(new VectorTypeHandler());
            DefaultTypeMap.MatchNamesWithUnderscores = true;
        }
    }
}
