using System.Numerics;
using System.Runtime.InteropServices;
using PoseSearch.Cli.Common;
using PoseSearch.Core.Geometry;
using PoseSearch.Core.Metrics;

namespace PoseSearch.Cli.Evaluation;

/// <summary>
/// Greedy near-duplicate removal (docs/method.md section 7): poses are visited in order and a pose
/// is kept unless its NP-MPJPE to an already kept pose is below the threshold. Exact, and fast:
/// <see cref="NpMpjpeLowerBound"/> rules out almost every pair with a few dozen flops, so
/// the Procrustes fit (Core's NormalizedPoseSet) runs only on the pairs that might be duplicates; candidates are
/// checked against the poses kept so far in parallel blocks.
/// </summary>
internal sealed class NearDuplicateFilter
{
    private const int BlockSize = 256;

    /// <summary>Procrustes fits of the last call (pairs the lower bound could not rule out).</summary>
    public long ExactComparisons { get; private set; }

    /// <summary>Pairs considered by the last call.</summary>
    public long PairsConsidered { get; private set; }

    /// <returns>The kept rows, in increasing order.</returns>
    /// <param name="poses">The poses' 3D shapes; <paramref name="exactPoses"/> holds the same poses, in the same order.</param>
    /// <param name="exactPoses">Core's normalized poses: exact NP-MPJPE between rows.</param>
    public IReadOnlyList<int> Keep(MultiViewPoses poses, NormalizedPoseSet exactPoses, float threshold, int threads, IProgressReporter progress, CancellationToken cancellationToken)
    {
        var n = poses.PoseCount;
        if (exactPoses.Count != n)
        {
            throw new ArgumentException($"{exactPoses.Count} normalized poses for {n} rows", nameof(exactPoses));
        }

        if (threshold <= 0)
        {
            return Enumerable.Range(0, n).ToArray();
        }

        // The bound's features are rotation- and translation-invariant, so they may be taken on
        // the contract's normalized pose (pelvis at the origin) whatever centring Core uses.
        var width = NpMpjpeLowerBound.FeatureLength;
        var features = new float[n * width];
        Span<Vector3> normalized = stackalloc Vector3[MultiViewPoses.Joints3D];
        for (var i = 0; i < n; i++)
        {
            Pose3DNormalizer.Normalize(Pose3D.AsJoints(poses.Pose3D(i)), normalized);
            NpMpjpeLowerBound.Features(MemoryMarshal.Cast<Vector3, float>(normalized), features.AsSpan(i * width, width));
        }

        var kept = new List<int>();
        long exact = 0, considered = 0;
        var stage = progress.Start($"Removing near-duplicates among {n:N0} poses (NP-MPJPE < {threshold})", n);
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancellationToken };
        var duplicateOfEarlier = new bool[BlockSize];
        for (var start = 0; start < n; start += BlockSize)
        {
            var count = Math.Min(BlockSize, n - start);
            var snapshot = kept.ToArray();
            Parallel.For(0, count, options, () => (Exact: 0L, Considered: 0L), (b, _, tally) =>
            {
                duplicateOfEarlier[b] = IsDuplicate(start + b, snapshot, exactPoses, features, threshold, ref tally.Exact, ref tally.Considered);
                return tally;
            }, tally =>
            {
                Interlocked.Add(ref exact, tally.Exact);
                Interlocked.Add(ref considered, tally.Considered);
            });

            // Within the block, in order: a pose may duplicate one kept earlier in the same block.
            var keptInBlock = new List<int>();
            for (var b = 0; b < count; b++)
            {
                if (duplicateOfEarlier[b])
                {
                    continue;
                }

                if (!IsDuplicate(start + b, keptInBlock, exactPoses, features, threshold, ref exact, ref considered))
                {
                    kept.Add(start + b);
                    keptInBlock.Add(start + b);
                }
            }
            stage.Advance(count);
        }
        stage.Complete();
        ExactComparisons = exact;
        PairsConsidered = considered;
        return kept;
    }

    private static bool IsDuplicate(int candidate, IReadOnlyList<int> kept, NormalizedPoseSet poses, float[] features, float threshold, ref long exact, ref long considered)
    {
        var width = NpMpjpeLowerBound.FeatureLength;
        var candidateFeatures = features.AsSpan(candidate * width, width);
        for (var i = 0; i < kept.Count; i++)
        {
            considered++;
            var other = kept[i];
            if (NpMpjpeLowerBound.CertainlyAtLeast(candidateFeatures, features.AsSpan(other * width, width), threshold))
            {
                continue;
            }

            exact++;
            if (poses.Distance(candidate, other) < threshold)
            {
                return true;
            }
        }
        return false;
    }
}
