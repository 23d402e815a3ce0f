namespace PoseSearch.Cli.Operations.Demo;

/// <summary>Outcome of a demo load: the collection's expected size, rows written, or skipped as already loaded.</summary>
internal sealed record DemoLoadResult(string Collection, int Poses, int Written, bool Skipped, bool Reembedded = false);
