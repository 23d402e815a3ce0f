using PoseSearch.Cli.Common;
using PoseSearch.Cli.Evaluation.Rankings;
using PoseSearch.Cli.Evaluation.Reports;
using PoseSearch.Core.Keypoints;
using PoseSearch.Core.Metrics;
using PoseSearch.Embedding;

namespace PoseSearch.Cli.Evaluation;

/// <summary>
/// The robustness rows: a seeded sample of queries per camera, corrupted by each perturbation
/// (pixel noise, joint dropout, missing body parts), ranked against the clean index by every
/// ranking; the first row is the same sample clean.
/// </summary>
internal sealed class RobustnessRows(EvalSettings settings, PoseEmbedder? embedder, IProgressReporter progress)
{
    /// <param name="ambiguity">When given, collects (ambiguity, Hit@1) of every corrupted query under the match-probability ranking.</param>
    public RobustnessResult Run(MultiViewPoses poses, IReadOnlyList<IRanking> rankings, RankedPairs ranked, CancellationToken cancellationToken,
        AmbiguityObservations? ambiguity = null)
    {
        var pairs = ranked.Pairs;
        var extractor = new FeatureExtractor(embedder);
        var samples = Enumerable.Range(0, poses.CameraCount)
            .Select(c => SeededSample.Rows(poses.PoseCount, settings.RobustnessQueries, settings.Seed + 104729 * (c + 1)))
            .ToArray();
        var rows = new List<RobustnessRow>
        {
            new()
            {
                Perturbation = "clean",
                Description = "clean queries (same sample)",
                RejectedQueryRate = 0,
                Hits = rankings.ToDictionary(r => r.Id, r => HitRates.Mean(pairs.Select((pair, p) =>
                    HitComputation.AtKappa(HitComputation.SelectRows(ranked.Distances[r.Id][p], samples[pair.Query]), settings.Kappa)).ToArray())),
            },
        };

        var stage = progress.Start($"Robustness: {settings.Perturbations.Count} corruptions x {poses.CameraCount} query cameras", settings.Perturbations.Count * poses.CameraCount);
        for (var t = 0; t < settings.Perturbations.Count; t++)
        {
            var perturbation = settings.Perturbations[t];
            var perturbedViews = new ViewFeatures[poses.CameraCount];
            var rejected = 0;
            for (var c = 0; c < poses.CameraCount; c++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var sample = samples[c];
                var keypoints = RowMajor.Gather(poses.Keypoints[c], sample, ModelJoints.CoordinateCount);
                var visibility = RowMajor.Gather(poses.Visibility[c], sample, ModelJoints.Count);
                var keypointsOut = new float[keypoints.Length];
                var visibilityOut = new float[visibility.Length];
                perturbation.Apply(keypoints, visibility, keypointsOut, visibilityOut, new Random(PerturbationSeed(settings.Seed, t, c)));
                perturbedViews[c] = extractor.Extract(keypointsOut, visibilityOut);
                rejected += perturbedViews[c].Count - perturbedViews[c].ValidCount;
                stage.Advance(1);
            }

            var hits = new Dictionary<string, HitRates>();
            foreach (var ranking in rankings)
            {
                var perPair = new List<HitRates>();
                foreach (var (query, index) in pairs)
                {
                    var sample = samples[query];
                    var request = new RankingRequest(query, perturbedViews[query], Enumerable.Range(0, sample.Length).ToArray(), index, ranked.Views[index], EvalSettings.Depth, settings.Threads);
                    var result = ranking.Rank(request, cancellationToken);
                    var distances = ranked.Oracle.ByRank(sample, result, EvalSettings.Depth, settings.Threads, cancellationToken);
                    perPair.Add(HitComputation.AtKappa(distances, settings.Kappa));
                    if (ambiguity is not null && ranking.Id == MatchProbabilityRanking.RankingId)
                    {
                        AmbiguityAnalysis.AddRanked(ambiguity, perturbedViews[query], distances, embedder!.MatchModel, settings.Kappa);
                    }
                }
                hits[ranking.Id] = HitRates.Mean(perPair);
            }
            rows.Add(new RobustnessRow
            {
                Perturbation = perturbation.Name,
                Description = perturbation.Description,
                RejectedQueryRate = rejected / (double)samples.Sum(s => s.Length),
                Hits = hits,
            });
        }
        stage.Complete();
        return new RobustnessResult { QueriesPerPair = samples[0].Length, Rows = rows };
    }

    /// <summary>
    /// The seed of perturbation <paramref name="perturbation"/> on the queries of camera
    /// <paramref name="camera"/>: a fixed formula (HashCode.Combine is randomized per process,
    /// which would make runs irreproducible).
    /// </summary>
    internal static int PerturbationSeed(int seed, int perturbation, int camera) =>
        unchecked(seed * 31 + 1_000_003 * (perturbation + 1) + 7_919 * (camera + 1));
}
