using System.Numerics;
using PoseSearch.Core.Geometry;

namespace PoseSearch.Core.Cameras;

/// <summary>
/// Puts a mocap pose "at the rig's origin" (docs/data-formats.md): the y-up pose in metres is
/// turned to z-up by the proper rotation (x, y, z) -> (x, -z, y), moved so its pelvis is at
/// world x = y = 0 and its lowest joint at z = 0, and scaled to millimetres. Its heading is kept.
/// </summary>
public static class RigPlacement
{
    public const float MillimetresPerMetre = 1000f;

    public static Vector3[] PlaceAtOrigin(ReadOnlySpan<Vector3> poseMetresYUp)
    {
        var result = new Vector3[poseMetresYUp.Length];
        PlaceAtOrigin(poseMetresYUp, result);
        return result;
    }

    /// <exception cref="PoseFormatException">Not 17 finite joints.</exception>
    public static void PlaceAtOrigin(ReadOnlySpan<Vector3> poseMetresYUp, Span<Vector3> worldMillimetres)
    {
        Pose3D.Validate(poseMetresYUp);
        if (worldMillimetres.Length != poseMetresYUp.Length)
        {
            throw new ArgumentException($"destination must hold {poseMetresYUp.Length} joints, got {worldMillimetres.Length}", nameof(worldMillimetres));
        }

        var pelvis = ToZUp(poseMetresYUp[Skeleton17.Pelvis]);
        var lowest = float.PositiveInfinity;
        foreach (var joint in poseMetresYUp)
        {
            lowest = MathF.Min(lowest, ToZUp(joint).Z);
        }

        var shift = new Vector3(pelvis.X, pelvis.Y, lowest);
        for (var j = 0; j < poseMetresYUp.Length; j++)
        {
            worldMillimetres[j] = (ToZUp(poseMetresYUp[j]) - shift) * MillimetresPerMetre;
        }
    }

    /// <summary>(x, y, z) -> (x, -z, y): y up becomes z up, a rotation of +90 degrees about x (det +1).</summary>
    public static Vector3 ToZUp(Vector3 yUp) => new(yUp.X, -yUp.Z, yUp.Y);
}
