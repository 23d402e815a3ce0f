using PoseSearch.Cli.Common;
using PoseSearch.Cli.Evaluation.Rankings;
using PoseSearch.Cli.Evaluation.Reports;
using PoseSearch.Core.Scoring;

namespace PoseSearch.Cli.Evaluation;

/// <summary>
/// The shortlist check: on a seeded sample of queries, the match-probability ranking computed
/// on the mean-L2 shortlist is compared with the same probability over every index pose. Where
/// they agree on every Hit@k at every kappa, the shortlist loses nothing.
/// </summary>
internal sealed class ShortlistAgreementCheck(EvalSettings settings, MatchProbabilityModel scorer, IProgressReporter progress)
{
    public ShortlistCheck Run(RankedPairs ranked, CancellationToken cancellationToken)
    {
        var pairs = ranked.Pairs;
        var views = ranked.Views;
        var shortlistRanked = ranked.Ranked[MatchProbabilityRanking.RankingId];
        var full = new MatchProbabilityRanking(scorer, shortlistSize: null);
        var perPair = Math.Max(1, (settings.AgreementQueries + pairs.Count - 1) / pairs.Count);
        var stage = progress.Start($"Checking the shortlist against full rankings ({perPair} queries x {pairs.Count} pairs)", pairs.Count);
        var shortDistances = new List<float[]>();
        var fullDistances = new List<float[]>();
        var shortRanked = new List<int[]>();
        var fullRanked = new List<int[]>();
        for (var p = 0; p < pairs.Count; p++)
        {
            var rows = SeededSample.Rows(views[pairs[p].Query].Count, perPair, settings.Seed + 7919 * (p + 1));
            var request = new RankingRequest(pairs[p].Query, views[pairs[p].Query], rows, pairs[p].Index, views[pairs[p].Index], EvalSettings.Depth, settings.Threads);
            var fullRows = full.Rank(request, cancellationToken);
            var shortRows = HitComputation.SelectRows(shortlistRanked[p], rows);
            shortRanked.Add(shortRows);
            fullRanked.Add(fullRows);
            shortDistances.Add(ranked.Oracle.ByRank(rows, shortRows, EvalSettings.Depth, settings.Threads, cancellationToken));
            fullDistances.Add(ranked.Oracle.ByRank(rows, fullRows, EvalSettings.Depth, settings.Threads, cancellationToken));
            stage.Advance(1);
        }
        stage.Complete();

        var shortAll = shortDistances.SelectMany(d => d).ToArray();
        var fullAll = fullDistances.SelectMany(d => d).ToArray();
        var queries = shortAll.Length / EvalSettings.Depth;
        var comparisons = 0;
        var agreements = 0;
        for (var q = 0; q < queries; q++)
        {
            foreach (var kappa in ranked.Kappas)
            {
                foreach (var k in EvalSettings.Ks)
                {
                    comparisons++;
                    if (HitWithin(shortAll, q, k, kappa) == HitWithin(fullAll, q, k, kappa))
                    {
                        agreements++;
                    }
                }
            }
        }
        var shortIds = shortRanked.SelectMany(r => r).ToArray();
        var fullIds = fullRanked.SelectMany(r => r).ToArray();
        return new ShortlistCheck
        {
            ShortlistSize = settings.Shortlist,
            Queries = queries,
            Comparisons = comparisons,
            Agreements = agreements,
            AgreementRate = agreements / (double)comparisons,
            Top1IdenticalRate = HitComputation.Top1IdenticalRate(shortIds, fullIds),
            MeanTop20Overlap = HitComputation.MeanOverlap(shortIds, fullIds),
            ShortlistHits = HitComputation.AtKappa(shortAll, settings.Kappa),
            FullHits = HitComputation.AtKappa(fullAll, settings.Kappa),
        };
    }

    private static bool HitWithin(float[] byRank, int query, int k, float kappa)
    {
        var row = byRank.AsSpan(query * EvalSettings.Depth, k);
        foreach (var d in row)
        {
            if (d < kappa)
            {
                return true;
            }
        }

        return false;
    }
}
