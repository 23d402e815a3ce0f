using PoseSearch.Cli.Common;

namespace PoseSearch.Cli.Operations.Synthesis;

/// <summary>What `posesearch synth` makes from a dataset: how many poses, from which rows, with which cameras.</summary>
internal sealed record SynthesisPlan
{
    /// <summary>Number of 2D poses to make.</summary>
    public int Count { get; init; } = 1_000_000;

    /// <summary>Seed of the cameras and of the clip order.</summary>
    public int Seed { get; init; } = 1;

    /// <summary>Keep every n-th frame of each clip (1 keeps all).</summary>
    public int Every { get; init; } = 1;

    /// <summary>Only rows of this split (e.g. "val"); null keeps every row.</summary>
    public string? Split { get; init; }

    public CameraRanges Cameras { get; init; } = CameraRanges.Default;

    public void Validate()
    {
        if (Count < 1)
        {
            throw new CliInputException($"--count must be >= 1, got {Count}");
        }

        if (Every < 1)
        {
            throw new CliInputException($"--every must be >= 1, got {Every}");
        }

        Cameras.Validate();
    }
}
