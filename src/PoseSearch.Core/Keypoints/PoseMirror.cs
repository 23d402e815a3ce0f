using PoseSearch.Core.Geometry;

namespace PoseSearch.Core.Keypoints;

/// <summary>
/// The left/right mirror image of a pose: x reflected and every left joint swapped with its
/// right partner, so a right-handed serve becomes a left-handed one. In 2D the reflection is
/// about the mean x of the visible joints, so the mirrored pose stays where it was in the image;
/// in 3D x is negated (any reflection plane gives the same pose up to a rotation, which
/// NP-MPJPE's Procrustes alignment removes).
/// </summary>
public static class PoseMirror
{
    /// <summary>The mirror image of a model pose (missing joints stay missing).</summary>
    public static ModelPose Mirror(ModelPose pose)
    {
        ArgumentNullException.ThrowIfNull(pose);
        Span<float> coordinates = stackalloc float[ModelJoints.CoordinateCount];
        Span<float> visibility = stackalloc float[ModelJoints.Count];
        Mirror2D(pose.Coordinates, pose.Visibility, coordinates, visibility);
        return new ModelPose(coordinates, visibility);
    }

    /// <summary>
    /// Mirrors N poses in the model layout: keypoints N x 26 (x, y interleaved), visibility N x 13.
    /// </summary>
    public static void Mirror2D(ReadOnlySpan<float> keypoints, ReadOnlySpan<float> visibility, Span<float> keypointsOut, Span<float> visibilityOut)
    {
        if (keypoints.Length % ModelJoints.CoordinateCount != 0 || visibility.Length * 2 != keypoints.Length)
        {
            throw new ArgumentException($"keypoints must be N x {ModelJoints.CoordinateCount} and visibility N x {ModelJoints.Count}; got {keypoints.Length} and {visibility.Length}");
        }

        if (keypointsOut.Length != keypoints.Length || visibilityOut.Length != visibility.Length)
        {
            throw new ArgumentException("the outputs must have the inputs' lengths");
        }

        var count = visibility.Length / ModelJoints.Count;
        for (var n = 0; n < count; n++)
        {
            var k = keypoints.Slice(n * ModelJoints.CoordinateCount, ModelJoints.CoordinateCount);
            var v = visibility.Slice(n * ModelJoints.Count, ModelJoints.Count);
            var kOut = keypointsOut.Slice(n * ModelJoints.CoordinateCount, ModelJoints.CoordinateCount);
            var vOut = visibilityOut.Slice(n * ModelJoints.Count, ModelJoints.Count);

            double sumX = 0;
            var seen = 0;
            for (var j = 0; j < ModelJoints.Count; j++)
            {
                if (v[j] == 0f)
                {
                    continue;
                }

                sumX += k[2 * j];
                seen++;
            }
            var axis = seen == 0 ? 0f : (float)(sumX / seen);

            for (var j = 0; j < ModelJoints.Count; j++)
            {
                var source = Partner2D[j];
                vOut[j] = v[source];
                // A missing joint keeps the (0, 0) of ModelPose: its coordinates carry no meaning.
                kOut[2 * j] = v[source] == 0f ? k[2 * source] : 2 * axis - k[2 * source];
                kOut[2 * j + 1] = k[2 * source + 1];
            }
        }
    }

    /// <summary>Mirrors N 3D poses in the 17-joint layout (N x 51 floats): x negated, sides swapped.</summary>
    public static void Mirror3D(ReadOnlySpan<float> poses, Span<float> posesOut)
    {
        if (poses.Length % Skeleton17.ValueCount != 0)
        {
            throw new ArgumentException($"3D poses must be N x {Skeleton17.ValueCount} floats, got {poses.Length}");
        }

        if (posesOut.Length != poses.Length)
        {
            throw new ArgumentException("the output must have the input's length");
        }

        for (var offset = 0; offset < poses.Length; offset += Skeleton17.ValueCount)
        {
            for (var j = 0; j < Skeleton17.JointCount; j++)
            {
                var source = offset + 3 * Partner3D[j];
                var target = offset + 3 * j;
                posesOut[target] = -poses[source];
                posesOut[target + 1] = poses[source + 1];
                posesOut[target + 2] = poses[source + 2];
            }
        }
    }

    // Partner2D[j]: the joint whose coordinates joint j takes in the mirror image.
    private static readonly int[] Partner2D = Partners(ModelJoints.Count, ModelJoints.LeftRightPairs);
    private static readonly int[] Partner3D = Partners(Skeleton17.JointCount, Skeleton17.LeftRightPairs);

    private static int[] Partners(int count, IReadOnlyList<(int Left, int Right)> pairs)
    {
        var partner = Enumerable.Range(0, count).ToArray();
        foreach (var (left, right) in pairs)
        {
            partner[left] = right;
            partner[right] = left;
        }
        return partner;
    }
}
