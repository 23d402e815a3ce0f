using System.ComponentModel.DataAnnotations;
using PoseSearch.Storage;

namespace PoseSearch.Api.Maintenance;

/// <summary>
/// Online rebuilds of bloated HNSW graphs (<see cref="IndexMaintenanceService"/>); section
/// "PoseSearch:IndexMaintenance". On by default: without it a collection under steady upserts and
/// deletes grows its graph tenfold and searches slow down with it (docs/reliability.md, section 5).
/// </summary>
public sealed class IndexMaintenanceSettings
{
    public const string SectionName = "PoseSearch:IndexMaintenance";

    public bool Enabled { get; set; } = true;

    /// <summary>Seconds between passes; each pass counts every collection's poses once.</summary>
    [Range(0.1, 86_400)]
    public double IntervalSeconds { get; set; } = 60;

    /// <summary>
    /// Rebuild a graph above this many bytes per live pose. A fresh graph of the default index
    /// (m = 8, 16-d means) takes about 330 bytes per pose; 800 lets it grow to about 2.4 times that.
    /// </summary>
    [Range(1, 1_000_000)]
    public double MaxBytesPerPose { get; set; } = 800;

    /// <summary>Leave graphs smaller than this alone (megabytes): small ones are cheap to walk, whatever their ratio.</summary>
    [Range(0, 1_000_000)]
    public double MinIndexMegabytes { get; set; } = 8;

    public IndexRebuildPolicy Policy => new(MaxBytesPerPose, (long)(MinIndexMegabytes * 1024 * 1024));
}
