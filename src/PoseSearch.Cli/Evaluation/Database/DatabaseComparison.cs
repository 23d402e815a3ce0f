using PoseSearch.Cli.Common;
using PoseSearch.Cli.Evaluation.Rankings;
using PoseSearch.Cli.Evaluation.Reports;
using PoseSearch.Core.Metrics;

namespace PoseSearch.Cli.Evaluation.Database;

/// <summary>
/// The --via-db check: the index poses loaded into PostgreSQL, a seeded sample of queries per
/// camera pair searched through the service's own two-stage search, and its Hit@k and ranked
/// lists compared with the in-process reference ranking (<see cref="EvalSettings.DatabaseReferenceRanking"/>).
/// </summary>
internal sealed class DatabaseComparison(EvalSettings settings, IDatabaseIndex database, IProgressReporter progress)
{
    public async Task<DatabaseCheck> RunAsync(MultiViewPoses poses, RankedPairs ranked, CancellationToken cancellationToken)
    {
        var reference = settings.DatabaseReferenceRanking
            ?? throw new InvalidOperationException("EvalSettings.Validate lets --via-db through only with a reference ranking");
        var (views, pairs) = (ranked.Views, ranked.Pairs);
        var ingestSeconds = await database.LoadAsync(poses, views, progress, cancellationToken).ConfigureAwait(false);

        var stage = progress.Start($"Searching through the database ({pairs.Count} pairs)", pairs.Count);
        var dbDistances = new List<float[]>();
        var refDistances = new List<float[]>();
        var dbIds = new List<int[]>();
        var refIds = new List<int[]>();
        var perPair = 0;
        for (var p = 0; p < pairs.Count; p++)
        {
            var (query, index) = pairs[p];
            var rows = SeededSample.Rows(views[query].Count, settings.DatabaseQueries, settings.Seed + 15485863 * (p + 1));
            perPair = rows.Length;
            var request = new RankingRequest(query, views[query], rows, index, views[index], EvalSettings.Depth, settings.Threads);
            var result = database.Ranking.Rank(request, cancellationToken);
            dbIds.Add(result);
            dbDistances.Add(ranked.Oracle.ByRank(rows, result, EvalSettings.Depth, settings.Threads, cancellationToken));
            refIds.Add(HitComputation.SelectRows(ranked.Ranked[reference][p], rows));
            refDistances.Add(HitComputation.SelectRows(ranked.Distances[reference][p], rows));
            stage.Advance(1);
        }
        stage.Complete();

        var dbAll = dbIds.SelectMany(x => x).ToArray();
        var refAll = refIds.SelectMany(x => x).ToArray();
        return new DatabaseCheck
        {
            Server = database.Server,
            Collections = database.Collections,
            SearchSettings = database.SearchSettings,
            QueriesPerPair = perPair,
            IngestSeconds = ingestSeconds,
            MeanSearchMilliseconds = database.MeanSearchMilliseconds,
            DatabaseHits = HitRates.Mean(dbDistances.Select(d => HitComputation.AtKappa(d, settings.Kappa)).ToArray()),
            InProcessHits = HitRates.Mean(refDistances.Select(d => HitComputation.AtKappa(d, settings.Kappa)).ToArray()),
            InProcessRanking = reference,
            MeanTop20Overlap = HitComputation.MeanOverlap(dbAll, refAll),
            Top1IdenticalRate = HitComputation.Top1IdenticalRate(dbAll, refAll),
        };
    }
}
