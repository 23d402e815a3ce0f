namespace PoseSearch.Cli.Operations.Demo;

/// <summary>What `posesearch demo load` loads, and where.</summary>
internal sealed record DemoLoadSettings
{
    public required IReadOnlyList<string> Datasets { get; init; }
    public required string Rig { get; init; }
    public required string Subject { get; init; }
    public required string Collection { get; init; }
    public required string Connection { get; init; }
    public string? Model { get; init; }

    /// <summary>Keep every n-th frame of each clip.</summary>
    public int Every { get; init; } = 5;

    /// <summary>Rows of this split are left out (the model trained on them); null keeps all.</summary>
    public string? ExcludeSplit { get; init; } = "train";

    public int BatchSize { get; init; } = 4000;

    public int Threads { get; init; } = 2;
}
