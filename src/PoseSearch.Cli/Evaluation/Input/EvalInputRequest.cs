namespace PoseSearch.Cli.Evaluation.Input;

/// <summary>What the eval command line says about its input.</summary>
internal sealed record EvalInputRequest
{
    public string? Dataset { get; init; }
    public string? Rig { get; init; }
    public required string Subject { get; init; }
    public string? Split { get; init; }
    public int MaxPoses { get; init; }
    public string? MultiView { get; init; }
    public int Seed { get; init; }
}
