using PoseSearch.Cli.Evaluation.Rankings;
using PoseSearch.Cli.Evaluation.Reports;
using PoseSearch.Core.Scoring;

namespace PoseSearch.Cli.Evaluation;

/// <summary>
/// Does the embedding's uncertainty predict retrieval failure (issue 13)? Every query of every
/// camera pair gets its <see cref="PoseAmbiguity"/> score and whether the match-probability
/// ranking's first hit is correct; the queries are cut into ten equal-size ambiguity deciles
/// (Hit@1 each), and the Spearman rank correlation and the AUROC of ambiguity as a predictor of a
/// Hit@1 miss summarise the relation. It runs on the clean queries of the main pass, and on those
/// pooled with the corrupted queries of the robustness rows (noise, dropout, missing parts), where
/// real uncertainty comes from.
/// </summary>
internal static class AmbiguityAnalysis
{
    public const int Bins = 10;

    public const string Formula = "1 - p(x, x) / p_max: the match probability of the query's Gaussian with itself, over (1 - s) sigmoid(b) + s/2";

    /// <summary>Every answered query of every camera pair of the main pass.</summary>
    public static AmbiguityObservations FromRankedPairs(RankedPairs ranked, MatchProbabilityModel model, float kappa)
    {
        var distances = ranked.Distances[MatchProbabilityRanking.RankingId];
        var scores = ranked.Views.Select(view => Scores(view, model)).ToArray();
        var observations = new AmbiguityObservations();
        for (var p = 0; p < ranked.Pairs.Count; p++)
        {
            var query = ranked.Pairs[p].Query;
            var view = ranked.Views[query];
            for (var row = 0; row < view.Count; row++)
            {
                if (view.Valid[row])
                {
                    observations.Add(scores[query][row], distances[p][row * EvalSettings.Depth] < kappa);
                }
            }
        }
        return observations;
    }

    /// <summary>Adds the answered queries of one ranked request (Q x Depth NP-MPJPE, rows as in <paramref name="queries"/>).</summary>
    public static void AddRanked(AmbiguityObservations observations, ViewFeatures queries, float[] distances, MatchProbabilityModel model, float kappa)
    {
        var scores = Scores(queries, model);
        for (var row = 0; row < queries.Count; row++)
        {
            if (queries.Valid[row])
            {
                observations.Add(scores[row], distances[row * EvalSettings.Depth] < kappa);
            }
        }
    }

    public static AmbiguitySet Summarize(string name, AmbiguityObservations observations)
    {
        var ambiguity = observations.Ambiguity;
        var hit = observations.Hit;
        if (ambiguity.Count < Bins)
        {
            throw new InvalidOperationException($"{ambiguity.Count} answered queries are too few for {Bins} ambiguity bins");
        }

        var order = Enumerable.Range(0, ambiguity.Count).OrderBy(i => ambiguity[i]).ToArray();
        var deciles = new List<AmbiguityBin>();
        for (var b = 0; b < Bins; b++)
        {
            var from = (int)((long)b * order.Length / Bins);
            var to = (int)((long)(b + 1) * order.Length / Bins);
            var members = order[from..to];
            deciles.Add(new AmbiguityBin
            {
                Bin = b + 1,
                MinAmbiguity = ambiguity[members[0]],
                MaxAmbiguity = ambiguity[members[^1]],
                MeanAmbiguity = members.Average(i => ambiguity[i]),
                Queries = members.Length,
                HitAt1 = members.Count(i => hit[i]) / (double)members.Length,
            });
        }

        return new AmbiguitySet
        {
            Name = name,
            Queries = ambiguity.Count,
            SpearmanWithHitAt1 = Defined(Spearman(ambiguity, hit.Select(h => h ? 1.0 : 0.0).ToArray())),
            FailureAuroc = Defined(Auroc(ambiguity, hit.Select(h => h ? 0.0 : 1.0).ToArray())),
            Deciles = deciles,
        };
    }

    private static float[] Scores(ViewFeatures view, MatchProbabilityModel model)
    {
        var embedding = view.RequireEmbedding();
        var result = new float[view.Count];
        for (var row = 0; row < view.Count; row++)
        {
            result[row] = view.Valid[row] ? PoseAmbiguity.Compute(model, embedding.Mean(row), embedding.Stddev(row)) : float.NaN;
        }

        return result;
    }

    private static double? Defined(double value) => double.IsNaN(value) ? null : value;

    /// <summary>Spearman's rho: the Pearson correlation of mid-ranks (ties share their mean rank).</summary>
    internal static double Spearman(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        var rx = MidRanks(x);
        var ry = MidRanks(y);
        double mx = rx.Average(), my = ry.Average(), sxy = 0, sxx = 0, syy = 0;
        for (var i = 0; i < rx.Length; i++)
        {
            sxy += (rx[i] - mx) * (ry[i] - my);
            sxx += (rx[i] - mx) * (rx[i] - mx);
            syy += (ry[i] - my) * (ry[i] - my);
        }
        return sxx == 0 || syy == 0 ? double.NaN : sxy / Math.Sqrt(sxx * syy);
    }

    /// <summary>Probability that a random positive (label 1) scores above a random negative; ties count half.</summary>
    internal static double Auroc(IReadOnlyList<double> score, IReadOnlyList<double> label)
    {
        var ranks = MidRanks(score);
        double positives = 0, rankSum = 0;
        for (var i = 0; i < ranks.Length; i++)
        {
            if (label[i] != 1.0)
            {
                continue;
            }

            positives++;
            rankSum += ranks[i];
        }
        var negatives = ranks.Length - positives;
        if (positives == 0 || negatives == 0)
        {
            return double.NaN;
        }

        return (rankSum - positives * (positives + 1) / 2) / (positives * negatives);
    }

    private static double[] MidRanks(IReadOnlyList<double> values)
    {
        var order = Enumerable.Range(0, values.Count).OrderBy(i => values[i]).ToArray();
        var ranks = new double[values.Count];
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && values[order[end + 1]] == values[order[start]])
            {
                end++;
            }

            var mid = (start + end) / 2.0 + 1;
            for (var i = start; i <= end; i++)
            {
                ranks[order[i]] = mid;
            }

            start = end + 1;
        }
        return ranks;
    }
}

/// <summary>(ambiguity, Hit@1) of answered queries, collected across camera pairs and corruptions.</summary>
internal sealed class AmbiguityObservations
{
    public List<double> Ambiguity { get; } = [];
    public List<bool> Hit { get; } = [];

    public void Add(double ambiguity, bool hit)
    {
        Ambiguity.Add(ambiguity);
        Hit.Add(hit);
    }

    public void AddRange(AmbiguityObservations other)
    {
        Ambiguity.AddRange(other.Ambiguity);
        Hit.AddRange(other.Hit);
    }
}
