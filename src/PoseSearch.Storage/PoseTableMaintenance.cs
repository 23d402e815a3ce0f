using Npgsql;

namespace PoseSearch.Storage;

/// <summary>The size of the poses table on disk, all collections together.</summary>
/// <param name="TableBytes">pg_table_size: the heap with its TOAST data.</param>
/// <param name="IndexBytes">pg_indexes_size: every index of the table, the HNSW graphs included.</param>
public sealed record PoseTableSize(long TableBytes, long IndexBytes);

/// <summary>Table-wide upkeep of the poses table after a bulk load: fresh planner statistics, and its size.</summary>
public sealed class PoseTableMaintenance(NpgsqlDataSource dataSource)
{
    /// <summary>ANALYZE poses (no time limit), so the planner knows the table's new size.</summary>
    public async Task AnalyzeAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("ANALYZE poses");
        command.CommandTimeout = 0;
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<PoseTableSize> SizeAsync(CancellationToken cancellationToken = default)
    {
        await using var command = dataSource.CreateCommand("SELECT pg_table_size('poses'), pg_indexes_size('poses')");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        return new PoseTableSize(reader.GetInt64(0), reader.GetInt64(1));
    }
}
