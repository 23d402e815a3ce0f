using PoseSearch.Cli.Common;

namespace PoseSearch.Cli.Operations.Recall;

/// <summary>What `posesearch recall` measures, and against which collection.</summary>
internal sealed record RecallSettings
{
    public required string Connection { get; init; }
    public required string Collection { get; init; }
    public required string Dataset { get; init; }
    public string? Model { get; init; }

    /// <summary>Queries: fresh random-camera views of this split's frames.</summary>
    public string? QuerySplit { get; init; } = "val";
    public int Queries { get; init; } = 100;
    public int Seed { get; init; } = 2;
    public int K { get; init; } = 10;
    public IReadOnlyList<int> Candidates { get; init; } = [10, 20, 50, 100, 200, 400];
    public IReadOnlyList<int> EfSearch { get; init; } = [40, 100, 200, 400];

    /// <summary>The service's defaults (SearchOptions), marked in the report.</summary>
    public int DefaultCandidates { get; init; } = 100;
    public int DefaultEfSearch { get; init; } = 100;
    public int Threads { get; init; } = 2;

    /// <summary>Output prefix: PREFIX.json and PREFIX.png.</summary>
    public required string Out { get; init; }

    public void Validate()
    {
        if (Queries < 1)
        {
            throw new CliInputException($"--queries must be >= 1, got {Queries}");
        }

        if (K < 1)
        {
            throw new CliInputException($"--k must be >= 1, got {K}");
        }

        if (Candidates.Count == 0 || Candidates.Any(c => c < 1 || c > 10000))
        {
            throw new CliInputException("--candidates needs values in 1..10000");
        }

        if (EfSearch.Count == 0 || EfSearch.Any(e => e < 1 || e > 1000))
        {
            throw new CliInputException("--ef-search needs values in 1..1000 (pgvector's range)");
        }

        if (Threads < 1)
        {
            throw new CliInputException($"--threads must be >= 1, got {Threads}");
        }
    }
}
