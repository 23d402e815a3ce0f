using PoseSearch.Cli.Common;
using PoseSearch.Core.Scoring;

namespace PoseSearch.Cli.Evaluation.Rankings;

/// <summary>
/// The learned match probability (Core's <see cref="MatchProbabilityModel"/>), computed exactly
/// on a shortlist: the <see cref="ShortlistSize"/> nearest index rows by embedding-mean L2,
/// re-ranked by probability. With <see cref="ShortlistSize"/> = null every valid index row is
/// scored (the exhaustive reference used to check the shortlist).
/// </summary>
internal sealed class MatchProbabilityRanking : IRanking
{
    public const string RankingId = "match-prob";
    public const string ExhaustiveRankingId = "match-prob-full";

    private readonly MatchProbabilityModel _model;

    public MatchProbabilityRanking(MatchProbabilityModel model, int? shortlistSize)
    {
        if (shortlistSize is < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(shortlistSize), shortlistSize, "the shortlist needs at least one candidate");
        }

        _model = model;
        ShortlistSize = shortlistSize;
    }

    public int? ShortlistSize { get; }

    public string Id => ShortlistSize is null ? ExhaustiveRankingId : RankingId;

    public string Description => ShortlistSize is { } size
        ? $"match probability, exact, on the {size} nearest by embedding-mean L2"
        : "match probability, exact, over the whole index";

    public int[] Rank(RankingRequest request, CancellationToken cancellationToken)
    {
        var queries = request.Queries.RequireEmbedding();
        var index = request.Index.RequireEmbedding();
        if (queries.Dimension != _model.Dimension || index.Dimension != _model.Dimension)
        {
            throw new InvalidOperationException($"embeddings have dimension {index.Dimension}, the match probability model {_model.Dimension}");
        }

        return ShortlistSize is { } size
            ? RankingRunner.Run(request, () => new ShortlistWorker(size, request.Depth, _model.Dimension),
                (w, row, output) => RankShortlist(queries, row, index, request.Index.Valid, w, output), cancellationToken)
            : RankingRunner.Run(request, () => new ExhaustiveWorker(request.Index.Count, request.Depth),
                (w, row, output) => RankAll(queries, row, index, request.Index.Valid, w, output), cancellationToken);
    }

    private void RankShortlist(ViewEmbedding queries, int row, ViewEmbedding index, bool[] indexValid, ShortlistWorker worker, Span<int> output)
    {
        var probabilities = ScoreShortlist(queries, row, index, indexValid, worker);
        var candidates = worker.Shortlist.Ids;
        // Offered in L2 order, so equal probabilities keep the L2 order.
        worker.Result.Clear();
        for (var i = 0; i < candidates.Length; i++)
        {
            worker.Result.Offer(-probabilities[i], candidates[i]);
        }

        worker.Result.Ids.CopyTo(output);
    }

    /// <summary>
    /// The shortlist of one query (left in <c>worker.Shortlist.Ids</c>, L2 order) and the match
    /// probability of each; shared with <see cref="MirrorAwareRanking"/>.
    /// </summary>
    internal ReadOnlySpan<float> ScoreShortlist(ViewEmbedding queries, int row, ViewEmbedding index, bool[] indexValid, ShortlistWorker worker)
    {
        L2Search.Nearest(queries.PaddedMeans.PaddedRow(row), index.MeanIndex, indexValid, worker.Shortlist);
        var candidates = worker.Shortlist.Ids;
        var d = _model.Dimension;
        for (var i = 0; i < candidates.Length; i++)
        {
            index.Mean(candidates[i]).CopyTo(worker.Means.AsSpan(i * d, d));
            index.Stddev(candidates[i]).CopyTo(worker.Stddevs.AsSpan(i * d, d));
        }
        var probabilities = worker.Probabilities.AsSpan(0, candidates.Length);
        _model.ScoreCandidates(queries.Mean(row), queries.Stddev(row),
            worker.Means.AsSpan(0, candidates.Length * d), worker.Stddevs.AsSpan(0, candidates.Length * d), probabilities);
        return probabilities;
    }

    private void RankAll(ViewEmbedding queries, int row, ViewEmbedding index, bool[] indexValid, ExhaustiveWorker worker, Span<int> output)
    {
        _model.ScoreCandidates(queries.Mean(row), queries.Stddev(row), index.Means, index.Stddevs, worker.Probabilities);
        worker.Result.Clear();
        for (var m = 0; m < index.Count; m++)
        {
            if (indexValid[m])
            {
                worker.Result.Offer(-worker.Probabilities[m], m);
            }
        }

        worker.Result.Ids.CopyTo(output);
    }

    internal sealed class ShortlistWorker(int shortlistSize, int depth, int dimension)
    {
        public TopKSelector Shortlist { get; } = new(shortlistSize);
        public TopKSelector Result { get; } = new(depth);
        public float[] Means { get; } = new float[shortlistSize * dimension];
        public float[] Stddevs { get; } = new float[shortlistSize * dimension];
        public float[] Probabilities { get; } = new float[shortlistSize];
    }

    private sealed class ExhaustiveWorker(int indexCount, int depth)
    {
        public TopKSelector Result { get; } = new(depth);
        public float[] Probabilities { get; } = new float[indexCount];
    }
}
