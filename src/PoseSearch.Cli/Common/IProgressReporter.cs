namespace PoseSearch.Cli.Common;

/// <summary>
/// Where a long-running command (eval, synth, recall, demo load) reports its stages: a Spectre
/// progress display on the command line, or nothing in tests.
/// </summary>
internal interface IProgressReporter
{
    /// <summary>Starts a stage of <paramref name="total"/> units of work.</summary>
    IProgressStage Start(string description, double total);
}

/// <summary>One stage of work, advanced as units finish.</summary>
internal interface IProgressStage
{
    void Advance(double units);

    void Complete();
}

/// <summary>Reports nothing.</summary>
internal sealed class SilentProgress : IProgressReporter
{
    public static SilentProgress Instance { get; } = new();

    public IProgressStage Start(string description, double total) => Stage.Instance;

    private sealed class Stage : IProgressStage
    {
        public static Stage Instance { get; } = new();

        public void Advance(double units) { }

        public void Complete() { }
    }
}
