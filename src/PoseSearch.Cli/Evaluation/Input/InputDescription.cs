namespace PoseSearch.Cli.Evaluation.Input;

/// <summary>Where the evaluated poses came from, for the report.</summary>
internal sealed record InputDescription
{
    public required string Kind { get; init; }
    public required string Path { get; init; }
    public string? Rig { get; init; }
    public string? Subject { get; init; }
    public string? Split { get; init; }
    public int? MaxPoses { get; init; }

    /// <summary>Poses in the file.</summary>
    public required int PosesRead { get; init; }
}
