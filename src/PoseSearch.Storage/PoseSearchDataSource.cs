using Dapper;
using Npgsql;

namespace PoseSearch.Storage;

/// <summary>Builds the Npgsql data source the storage classes share (pgvector types enabled).</summary>
public static class PoseSearchDataSource
{
    private static int _dapperConfigured;

    /// <param name="defaultMaxPoolSize">
    /// The most connections the pool opens, unless the connection string sets "Maximum Pool Size"
    /// itself; null keeps Npgsql's default (100).
    /// </param>
    public static NpgsqlDataSource Create(string connectionString, int? defaultMaxPoolSize = null)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new ArgumentException(
                "The PostgreSQL connection string is empty (ConnectionStrings:PoseSearch, environment variable ConnectionStrings__PoseSearch).",
                nameof(connectionString));
        }

        ConfigureDapper();
        var builder = new NpgsqlDataSourceBuilder(connectionString);
        if (defaultMaxPoolSize is { } max && !SetsMaxPoolSize(connectionString))
        {
            ArgumentOutOfRangeException.ThrowIfNegativeOrZero(max, nameof(defaultMaxPoolSize));
            builder.ConnectionStringBuilder.MaxPoolSize = max;
            builder.ConnectionStringBuilder.MinPoolSize = Math.Min(builder.ConnectionStringBuilder.MinPoolSize, max);
        }

        // Searches send the same few statements again and again (the scan settings, the collection check,
        // one candidate query per collection and filter shape): prepared once per connection, PostgreSQL
        // no longer parses and plans them per search (docs/performance.md, "Less CPU per search"). A
        // connection string that sets "Max Auto Prepare" itself wins (0 behind a transaction-pooling
        // pgbouncer older than 1.21, which cannot keep prepared statements).
        if (!Sets(connectionString, "MaxAutoPrepare"))
        {
            builder.ConnectionStringBuilder.MaxAutoPrepare = DefaultMaxAutoPrepare;
        }

        builder.UseVector();
        return builder.Build();
    }

    /// <summary>Statements each connection keeps prepared unless the connection string says otherwise.</summary>
    public const int DefaultMaxAutoPrepare = 32;

    /// <summary>Whether the connection string names the pool's maximum size (any of Npgsql's spellings).</summary>
    public static bool SetsMaxPoolSize(string connectionString) => Sets(connectionString, "MaximumPoolSize", "MaxPoolSize");

    /// <summary>Whether the connection string sets one of these keys (compared without spaces, any case).</summary>
    private static bool Sets(string connectionString, params string[] keys)
    {
        var raw = new System.Data.Common.DbConnectionStringBuilder { ConnectionString = connectionString };
        return raw.Keys.Cast<string>()
            .Select(key => key.Replace(" ", "", StringComparison.Ordinal))
            .Any(key => keys.Any(k => key.Equals(k, StringComparison.OrdinalIgnoreCase)));
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
