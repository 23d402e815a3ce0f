namespace PoseSearch.Cli.Evaluation;

/// <summary>Where the evaluation reports its stages (a Spectre progress display, or nothing in tests).</summary>
internal interface IEvalProgress
{
    /// <summary>Starts a stage of <paramref name="total"/> units of work.</summary>
    IEvalStage Start(string description, double total);
}

internal interface IEvalStage
{
    void Advance(double units);

    void Complete();
}

/// <summary>Reports nothing.</summary>
internal sealed class SilentProgress : IEvalProgress
{
    public static SilentProgress Instance { get; } = new();

    public IEvalStage Start(string description, double total) => Stage.Instance;

    private sealed class Stage : IEvalStage
    {
        public static Stage Instance { get; } = new();

        public void Advance(double units) { }

        public void Complete() { }
    }
}
