using PoseSearch.Cli.Common;

namespace PoseSearch.Cli.Evaluation.Rankings;

/// <summary>Runs a per-query ranking in parallel over the queries, with per-worker scratch state.</summary>
internal static class RankingRunner
{
    /// <summary>Ranks one query row into <c>output</c> (Depth ids, pre-filled with -1).</summary>
    public delegate void RankOne<in TWorker>(TWorker worker, int queryRow, Span<int> output);

    public static int[] Run<TWorker>(RankingRequest request, Func<TWorker> createWorker, RankOne<TWorker> rankOne, CancellationToken cancellationToken)
    {
        var depth = request.Depth;
        var ranked = new int[request.QueryRows.Count * depth];
        Array.Fill(ranked, -1);
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, request.Threads), CancellationToken = cancellationToken };
        Parallel.For(0, request.QueryRows.Count, options, createWorker,
            (q, _, worker) =>
            {
                var row = request.QueryRows[q];
                if (request.Queries.Valid[row])
                {
                    rankOne(worker, row, ranked.AsSpan(q * depth, depth));
                }

                return worker;
            },
            _ => { });
        return ranked;
    }

    /// <summary>The common case: the worker state is one selector whose kept ids are the answer.</summary>
    public static int[] RunWithSelector(RankingRequest request, Action<int, TopKSelector> fill, CancellationToken cancellationToken) =>
        Run(request, () => new TopKSelector(request.Depth), (selector, row, output) =>
        {
            fill(row, selector);
            selector.Ids.CopyTo(output);
        }, cancellationToken);
}
