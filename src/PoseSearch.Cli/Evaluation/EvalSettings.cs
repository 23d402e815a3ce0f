using PoseSearch.Cli.Common;
using PoseSearch.Cli.Evaluation.Perturbations;
using PoseSearch.Cli.Evaluation.Rankings;

namespace PoseSearch.Cli.Evaluation;

/// <summary>The protocol's knobs, as the eval command line sets them (docs/eval-output.md lists the defaults).</summary>
internal sealed record EvalSettings
{
    /// <summary>The k of Hit@k.</summary>
    public static IReadOnlyList<int> Ks { get; } = [1, 10, 20];

    /// <summary>Ranked list length every ranking produces (the largest k).</summary>
    public const int Depth = 20;

    public float Kappa { get; init; } = 0.1f;

    /// <summary>0.05, 0.075, ..., 0.3.</summary>
    public IReadOnlyList<float> KappaSweep { get; init; } = Enumerable.Range(0, 11).Select(i => (float)Math.Round(0.05 + 0.025 * i, 4)).ToArray();

    /// <summary>Poses closer than this (NP-MPJPE) to an already kept pose are dropped as near-duplicates.</summary>
    public float DuplicateThreshold { get; init; } = 0.02f;

    public IReadOnlyList<string> Rankings { get; init; } = [RawKeypointRanking.RankingId, EmbeddingMeanRanking.RankingId, MatchProbabilityRanking.RankingId];

    /// <summary>Candidates (nearest by embedding-mean L2) on which the match probability is computed.</summary>
    public int Shortlist { get; init; } = 100;

    /// <summary>Queries, in all, on which the shortlist ranking is compared with a full probability ranking.</summary>
    public int AgreementQueries { get; init; } = 240;

    public IReadOnlyList<QueryPerturbation> Perturbations { get; init; } =
    [
        new GaussianNoisePerturbation(2), new GaussianNoisePerturbation(5), new GaussianNoisePerturbation(10),
        new RandomDropoutPerturbation(0.1), new RandomDropoutPerturbation(0.2),
        new StructuredDropoutPerturbation(BodyPart.Arm), new StructuredDropoutPerturbation(BodyPart.LowerBody),
    ];

    /// <summary>Queries per camera on which the robustness rows run (a seeded sample; 0 = all).</summary>
    public int RobustnessQueries { get; init; } = 500;

    /// <summary>PostgreSQL connection string for the --via-db ranking; null skips it.</summary>
    public string? DatabaseConnection { get; init; }

    /// <summary>Queries per camera pair sent through the database search (a seeded sample; 0 = all).</summary>
    public int DatabaseQueries { get; init; } = 500;

    public string DatabaseCollectionPrefix { get; init; } = "eval";

    public int Seed { get; init; } = 1234;

    public int Threads { get; init; } = 2;

    /// <summary>Every ranking the protocol knows, by id.</summary>
    public static IReadOnlyList<string> KnownRankings { get; } = [RawKeypointRanking.RankingId, EmbeddingMeanRanking.RankingId, MatchProbabilityRanking.RankingId];

    /// <summary>Whether the run needs the model: every ranking but raw-2d embeds, and so does --via-db.</summary>
    public bool NeedsModel => Rankings.Any(r => r != RawKeypointRanking.RankingId) || DatabaseConnection is not null;

    /// <summary>Whether the shortlist is checked against full probability rankings.</summary>
    public bool ChecksShortlist => Rankings.Contains(MatchProbabilityRanking.RankingId) && AgreementQueries > 0;

    /// <summary>
    /// The in-process ranking the --via-db search is compared with: the exact match probability
    /// on the shortlist when it runs, else mean L2; null when neither runs.
    /// </summary>
    public string? DatabaseReferenceRanking => ReferenceRankingAmong(Rankings);

    /// <summary>The checks that the command line and the runner both rely on.</summary>
    /// <exception cref="CliInputException">An unknown or no ranking, or --via-db without a ranking to compare with.</exception>
    public void Validate()
    {
        CheckRankings(Rankings);
        CheckDatabaseReference(Rankings, DatabaseConnection);
    }

    /// <exception cref="CliInputException">An unknown ranking id, or none.</exception>
    public static void CheckRankings(IReadOnlyList<string> rankings)
    {
        foreach (var id in rankings)
        {
            if (!KnownRankings.Contains(id))
            {
                throw new CliInputException($"--rankings: unknown ranking '{id}' (expected {RawKeypointRanking.RankingId}, {EmbeddingMeanRanking.RankingId} or {MatchProbabilityRanking.RankingId})");
            }
        }
        if (rankings.Count == 0)
        {
            throw new CliInputException("--rankings: at least one ranking is needed");
        }
    }

    /// <exception cref="CliInputException">--via-db without a ranking it can be compared with.</exception>
    public static void CheckDatabaseReference(IReadOnlyList<string> rankings, string? databaseConnection)
    {
        if (databaseConnection is not null && ReferenceRankingAmong(rankings) is null)
        {
            throw new CliInputException($"--via-db compares with the in-process {MatchProbabilityRanking.RankingId} (or {EmbeddingMeanRanking.RankingId}) ranking: add it to --rankings");
        }
    }

    private static string? ReferenceRankingAmong(IReadOnlyList<string> rankings) =>
        rankings.Contains(MatchProbabilityRanking.RankingId) ? MatchProbabilityRanking.RankingId
        : rankings.Contains(EmbeddingMeanRanking.RankingId) ? EmbeddingMeanRanking.RankingId
        : null;
}
