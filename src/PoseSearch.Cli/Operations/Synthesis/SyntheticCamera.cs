using System.Globalization;
using System.Numerics;
using PoseSearch.Core.Cameras;

namespace PoseSearch.Cli.Operations.Synthesis;

/// <summary>
/// One random camera of `posesearch synth`: where it stands relative to the aim point (azimuth,
/// elevation, distance) and its focal length; no lens distortion, principal point at the image
/// centre. <see cref="ToPinhole"/> builds the Core camera that projects the world poses
/// (z up, millimetres, as <see cref="RigPlacement"/> places them).
/// </summary>
internal sealed record SyntheticCamera(double AzimuthDegrees, double ElevationDegrees, double DistanceMetres, double FocalPixels)
{
    /// <summary>Camera centre in world millimetres: on a sphere of the given distance around the aim point.</summary>
    public Vector3 Centre(double aimHeightMillimetres)
    {
        var azimuth = AzimuthDegrees * Math.PI / 180;
        var elevation = ElevationDegrees * Math.PI / 180;
        var distance = DistanceMetres * RigPlacement.MillimetresPerMetre;
        return new Vector3(
            (float)(distance * Math.Cos(elevation) * Math.Cos(azimuth)),
            (float)(distance * Math.Cos(elevation) * Math.Sin(azimuth)),
            (float)(aimHeightMillimetres + distance * Math.Sin(elevation)));
    }

    /// <summary>
    /// The camera looking at (0, 0, aim height) with the world's z axis up in the image. Camera
    /// frame (OpenCV): x right, y down, z forward; its columns in world coordinates are
    /// right = forward x up, down = forward x right, forward, a proper rotation (det +1).
    /// </summary>
    public PinholeCamera ToPinhole(string id, int width, int height, double aimHeightMillimetres)
    {
        var centre = Centre(aimHeightMillimetres);
        var aim = new Vector3(0, 0, (float)aimHeightMillimetres);
        var forward = Vector3.Normalize(aim - centre);
        var right = Vector3.Normalize(Vector3.Cross(forward, Vector3.UnitZ));
        var down = Vector3.Cross(forward, right);
        // System.Numerics matrices act on row vectors (v * M): the rows of M are the images of the camera axes.
        var cameraToWorld = new Matrix4x4(
            right.X, right.Y, right.Z, 0,
            down.X, down.Y, down.Z, 0,
            forward.X, forward.Y, forward.Z, 0,
            0, 0, 0, 1);
        var orientation = Quaternion.Normalize(Quaternion.CreateFromRotationMatrix(cameraToWorld));
        var focal = (float)FocalPixels;
        return new PinholeCamera(id, width, height, focal, focal, width / 2f, height / 2f, 0, 0, 0, 0, 0, orientation, centre);
    }

    /// <summary>The camera as the pose's free metadata (extra): compact JSON, one decimal.</summary>
    public string ToMetadataJson(int cameraIndex) => string.Create(CultureInfo.InvariantCulture,
        $"{{\"camera\":{cameraIndex},\"azimuth_deg\":{AzimuthDegrees:0.0},\"elevation_deg\":{ElevationDegrees:0.0},\"distance_m\":{DistanceMetres:0.00},\"focal_px\":{FocalPixels:0}}}");
}
