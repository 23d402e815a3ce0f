namespace PoseSearch.Storage;

/// <summary>
/// One embedded pose as stored: its embedding (mean, stddev; D values each), the 13-joint 2D
/// pose it came from (26 pixel coordinates, 13 visibility flags) and its metadata.
/// </summary>
public sealed record PoseRecord(
    string ExternalId,
    float[] Mean,
    float[] Stddev,
    float[] Keypoints,
    float[] Visibility,
    PoseMetadata Metadata)
{
    /// <summary>Set when read from the database; ignored on ingest.</summary>
    public DateTime? UpdatedAt { get; init; }
}
