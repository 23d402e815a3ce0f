using System.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using PoseSearch.Api.Observability;
using PoseSearch.Api.Startup;
using PoseSearch.Storage;

namespace PoseSearch.Api.Maintenance;

/// <summary>
/// Every <see cref="IndexMaintenanceSettings.IntervalSeconds"/>, rebuilds the HNSW graphs that have
/// grown past <see cref="IndexMaintenanceSettings.MaxBytesPerPose"/> with REINDEX CONCURRENTLY
/// (<see cref="CollectionIndexRebuilder"/>: one instance at a time, by advisory lock). It has a
/// connection pool of its own (one connection), so a rebuild that takes minutes never holds one of
/// the searches' connections. Each rebuild is logged and counted (posesearch.index.rebuilds).
/// </summary>
public sealed class IndexMaintenanceService : BackgroundService
{
    private readonly IOptions<IndexMaintenanceSettings> _settings;
    private readonly IOptions<ServiceRegistration.ConnectionStringCheck> _connectionString;
    private readonly ILogger<IndexMaintenanceService> _logger;
    private Npgsql.NpgsqlDataSource? _dataSource;
    private readonly Counter<long> _rebuilds;
    private readonly Histogram<double> _rebuildSeconds;

    public IndexMaintenanceService(
        IOptions<IndexMaintenanceSettings> settings,
        IOptions<ServiceRegistration.ConnectionStringCheck> connectionString,
        IMeterFactory meters,
        ILogger<IndexMaintenanceService> logger)
    {
        _settings = settings;
        _connectionString = connectionString;
        _logger = logger;
        var meter = meters.Create(PoseSearchMetrics.MeterName);
        _rebuilds = meter.CreateCounter<long>("posesearch.index.rebuilds", "{rebuild}", "HNSW graphs rebuilt because they outgrew their live poses");
        _rebuildSeconds = meter.CreateHistogram<double>("posesearch.index.rebuild.duration", "s", "Time of one REINDEX CONCURRENTLY of a collection's graph");
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = _settings.Value;
        if (!settings.Enabled)
        {
            _logger.LogInformation("Index maintenance is off (PoseSearch:IndexMaintenance:Enabled)");
            return;
        }

        // Created here, not in the constructor: after the options (the connection string) are validated, and only when on.
        _dataSource = PoseSearchDataSource.Create(_connectionString.Value.Value!, defaultMaxPoolSize: 1);
        var rebuilder = new CollectionIndexRebuilder(_dataSource);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(settings.IntervalSeconds));
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await PassAsync(rebuilder, settings.Policy, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutdown; a REINDEX cut short leaves an invalid copy that the next pass drops.
        }
    }

    private async Task PassAsync(CollectionIndexRebuilder rebuilder, IndexRebuildPolicy policy, CancellationToken stoppingToken)
    {
        try
        {
            var pass = await rebuilder.RunAsync(
                policy,
                graph => _logger.LogInformation(
                    "Index maintenance: rebuilding the HNSW graph of '{Collection}' ({Megabytes:0.0} MB, {BytesPerPose:0} bytes per pose for {Poses} poses)",
                    graph.Collection, graph.IndexBytes / 1048576.0, graph.BytesPerPose, graph.LivePoses),
                stoppingToken);
            foreach (var rebuild in pass.Rebuilt)
            {
                _rebuilds.Add(1, new KeyValuePair<string, object?>("collection", rebuild.Collection));
                _rebuildSeconds.Record(rebuild.Took.TotalSeconds, new KeyValuePair<string, object?>("collection", rebuild.Collection));
                _logger.LogInformation(
                    "Index maintenance: rebuilt the HNSW graph of '{Collection}': {Before:0.0} -> {After:0.0} MB for {Poses} poses in {Seconds:0.0} s",
                    rebuild.Collection, rebuild.BytesBefore / 1048576.0, rebuild.BytesAfter / 1048576.0, rebuild.LivePoses, rebuild.Took.TotalSeconds);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
        {
            // The database restarting or unreachable: try again at the next tick.
            _logger.LogWarning("Index maintenance pass failed; next try in {Seconds} s: {Reason}", _settings.Value.IntervalSeconds, e.Message);
        }
    }

    public override void Dispose()
    {
        _dataSource?.Dispose();
        base.Dispose();
    }
}
