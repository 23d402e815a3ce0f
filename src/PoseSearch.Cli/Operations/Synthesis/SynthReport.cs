using PoseSearch.Cli.Common;

namespace PoseSearch.Cli.Operations.Synthesis;

/// <summary>
/// What a `posesearch synth` run measured. Each stage runs alone (generate, embed all, COPY all,
/// build the index), so each rate is that stage's own: poses per second of wall time.
/// </summary>
internal sealed record SynthReport
{
    public required string Collection { get; init; }
    public required string Dataset { get; init; }
    public required int Poses { get; init; }
    public required int Videos { get; init; }
    public required int Seed { get; init; }
    public required string Model { get; init; }
    public required string ModelSha256 { get; init; }

    /// <summary>Weights of the model's dense layers when its config.json says; 2 FLOP per weight per pose.</summary>
    public long? ModelParameters { get; init; }

    public required int Threads { get; init; }
    public required int EmbedBatch { get; init; }
    public required int CopyBatch { get; init; }
    public required string CopyMode { get; init; }
    public required string IndexBuild { get; init; }
    public required int HnswM { get; init; }
    public required int HnswEfConstruction { get; init; }
    public required double GenerateSeconds { get; init; }
    public required double EmbedSeconds { get; init; }
    public required double EmbedPosesPerSecond { get; init; }

    /// <summary>Model FLOP per second during the embed stage (2 x parameters x poses / seconds), when the parameters are known.</summary>
    public double? EmbedGflops { get; init; }

    public required double CopySeconds { get; init; }
    public required double CopyPosesPerSecond { get; init; }

    /// <summary>CREATE INDEX after the load; null when the index was kept during the load.</summary>
    public double? IndexBuildSeconds { get; init; }

    /// <summary>COPY and index build together: how long until the collection is searchable.</summary>
    public required double LoadAndIndexSeconds { get; init; }

    public required long TableBytes { get; init; }
    public required long IndexBytes { get; init; }

    /// <summary>1-minute load average of the machine when the run started and ended (/proc/loadavg).</summary>
    public required double LoadAverageStart { get; init; }
    public required double LoadAverageEnd { get; init; }

    public required DateTime StartedUtc { get; init; }

    public string ToJson() => ReportJson.Serialize(this);
}
