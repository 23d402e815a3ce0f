using PoseSearch.Cli.Common;
using PoseSearch.Cli.Evaluation.Rankings;
using PoseSearch.Cli.Evaluation.Reports;
using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Metrics;
using PoseSearch.Embedding;

namespace PoseSearch.Cli.Evaluation;

/// <summary>
/// The mirror rows (issue 13): the robustness sample of queries, as they are and mirrored left/right
/// (<see cref="PoseMirror"/>: the 2D flipped and sides swapped; its 3D truth is the 3D pose mirrored
/// the same way), ranked by match probability with plain and with mirror-aware search. Truth is
/// either strict (the query's own 3D pose) or mirror-blind (the query's 3D pose or its mirror image,
/// what a user asking for <c>"mirror": true</c> wants).
/// </summary>
internal sealed class MirrorRows(EvalSettings settings, PoseEmbedder embedder, IProgressReporter progress)
{
    public MirrorResult Run(MultiViewPoses poses, RankedPairs ranked, CancellationToken cancellationToken)
    {
        var pairs = ranked.Pairs;
        var n = poses.PoseCount;
        // Rows 0..N-1: the 3D poses; rows N..2N-1: their mirror images.
        var withMirrors = new float[2 * poses.Poses3D.Length];
        poses.Poses3D.CopyTo(withMirrors, 0);
        PoseMirror.Mirror3D(poses.Poses3D, withMirrors.AsSpan(poses.Poses3D.Length));
        var oracle = new CorrectnessOracle(new NormalizedPoseSet(withMirrors));

        var extractor = new FeatureExtractor(embedder);
        var samples = Enumerable.Range(0, poses.CameraCount)
            .Select(c => SeededSample.Rows(n, settings.RobustnessQueries, settings.Seed + 104729 * (c + 1)))
            .ToArray();
        var clean = new ViewFeatures[poses.CameraCount];
        var mirrored = new ViewFeatures[poses.CameraCount];
        var stage = progress.Start($"Mirror rows: {poses.CameraCount} query cameras", poses.CameraCount + pairs.Count);
        for (var c = 0; c < poses.CameraCount; c++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var keypoints = RowMajor.Gather(poses.Keypoints[c], samples[c], ModelJoints.CoordinateCount);
            var visibility = RowMajor.Gather(poses.Visibility[c], samples[c], ModelJoints.Count);
            var keypointsOut = new float[keypoints.Length];
            var visibilityOut = new float[visibility.Length];
            PoseMirror.Mirror2D(keypoints, visibility, keypointsOut, visibilityOut);
            clean[c] = extractor.Extract(keypoints, visibility);
            mirrored[c] = extractor.Extract(keypointsOut, visibilityOut);
            stage.Advance(1);
        }

        var plain = new MatchProbabilityRanking(embedder.MatchModel, settings.Shortlist);
        var mirrorAware = new MirrorAwareRanking(plain);
        var cells = new Dictionary<string, List<HitRates>>();
        void Add(string row, float[] distances) =>
            (cells.TryGetValue(row, out var list) ? list : cells[row] = []).Add(HitComputation.AtKappa(distances, settings.Kappa));

        foreach (var (query, index) in pairs)
        {
            var sample = samples[query];
            var positions = Enumerable.Range(0, sample.Length).ToArray();
            var mirrorOf = sample.Select(row => row + n).ToArray();
            float[] Strict(int[] result) => oracle.ByRank(sample, result, EvalSettings.Depth, settings.Threads, cancellationToken);
            float[] ToMirror(int[] result) => oracle.ByRank(mirrorOf, result, EvalSettings.Depth, settings.Threads, cancellationToken);

            var cleanRequest = new RankingRequest(query, clean[query], positions, index, ranked.Views[index], EvalSettings.Depth, settings.Threads);
            var mirroredRequest = cleanRequest with { Queries = mirrored[query] };

            var cleanPlain = plain.Rank(cleanRequest, cancellationToken);
            var cleanAware = mirrorAware.Rank(cleanRequest, mirrored[query], cancellationToken);
            var mirroredPlain = plain.Rank(mirroredRequest, cancellationToken);
            var mirroredAware = mirrorAware.Rank(mirroredRequest, clean[query], cancellationToken);

            Add(CleanPlain, Strict(cleanPlain));
            Add(CleanAwareStrict, Strict(cleanAware));
            Add(CleanAwareEither, Either(Strict(cleanAware), ToMirror(cleanAware)));
            Add(MirroredPlainStrict, ToMirror(mirroredPlain));
            Add(MirroredPlainEither, Either(ToMirror(mirroredPlain), Strict(mirroredPlain)));
            Add(MirroredAwareEither, Either(ToMirror(mirroredAware), Strict(mirroredAware)));
            stage.Advance(1);
        }
        stage.Complete();

        return new MirrorResult
        {
            QueriesPerPair = samples[0].Length,
            Rows = Descriptions.Select(d => new MirrorRow
            {
                Id = d.Id,
                Queries = d.Queries,
                Search = d.Search,
                Truth = d.Truth,
                Hits = HitRates.Mean(cells[d.Id]),
            }).ToArray(),
        };
    }

    private const string CleanPlain = "clean-plain-strict";
    private const string CleanAwareStrict = "clean-mirror-aware-strict";
    private const string CleanAwareEither = "clean-mirror-aware-either";
    private const string MirroredPlainStrict = "mirrored-plain-strict";
    private const string MirroredPlainEither = "mirrored-plain-either";
    private const string MirroredAwareEither = "mirrored-mirror-aware-either";

    private const string StrictTruth = "the query's own 3D pose";
    private const string EitherTruth = "the query's 3D pose or its mirror image";

    private static readonly (string Id, string Queries, string Search, string Truth)[] Descriptions =
    [
        (CleanPlain, "as seen", "plain", StrictTruth),
        (CleanAwareStrict, "as seen", "mirror-aware", StrictTruth),
        (CleanAwareEither, "as seen", "mirror-aware", EitherTruth),
        (MirroredPlainStrict, "mirrored", "plain", StrictTruth),
        (MirroredPlainEither, "mirrored", "plain", EitherTruth),
        (MirroredAwareEither, "mirrored", "mirror-aware", EitherTruth),
    ];

    /// <summary>Element-wise minimum, NaN (no item) only where both are NaN.</summary>
    private static float[] Either(float[] a, float[] b)
    {
        var result = new float[a.Length];
        for (var i = 0; i < a.Length; i++)
        {
            result[i] = float.IsNaN(a[i]) ? b[i] : float.IsNaN(b[i]) ? a[i] : Math.Min(a[i], b[i]);
        }

        return result;
    }
}
