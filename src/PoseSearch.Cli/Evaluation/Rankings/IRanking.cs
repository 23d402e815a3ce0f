namespace PoseSearch.Cli.Evaluation.Rankings;

/// <summary>A way of ordering the index for a query: one column of the benchmark.</summary>
internal interface IRanking
{
    /// <summary>Identifier used in the JSON, the table and the plot, e.g. "raw-2d".</summary>
    string Id { get; }

    /// <summary>A sentence for the report.</summary>
    string Description { get; }

    /// <summary>
    /// Returns QueryRows.Count x Depth index rows, best first. A query that cannot be answered
    /// (rejected pose) gets -1 throughout, as does any rank beyond the valid index rows.
    /// </summary>
    int[] Rank(RankingRequest request, CancellationToken cancellationToken);
}
