using System.Data.Common;

namespace PoseSearch.Storage;

/// <summary>Reads the metadata columns (video_id, frame, timestamp_seconds, person, extra::text) from a row.</summary>
internal static class PoseRows
{
    public static PoseMetadata ReadMetadata(DbDataReader reader, int first) => new(
        reader.IsDBNull(first) ? null : reader.GetString(first),
        reader.IsDBNull(first + 1) ? null : reader.GetInt32(first + 1),
        reader.IsDBNull(first + 2) ? null : reader.GetDouble(first + 2),
        reader.IsDBNull(first + 3) ? null : reader.GetInt32(first + 3),
        reader.IsDBNull(first + 4) ? null : reader.GetString(first + 4));
}
