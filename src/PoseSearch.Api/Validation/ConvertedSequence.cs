using PoseSearch.Core.IO;

namespace PoseSearch.Api.Validation;

/// <summary>
/// A request's sequence in time order, poses in the model's joints. Frame numbers are the client's,
/// or for a sequence sent with timestamps the position in time order; then <see cref="Timestamps"/>
/// holds the timestamp of each frame number.
/// </summary>
public sealed record ConvertedSequence(IReadOnlyList<SequenceFrame> Frames, IReadOnlyList<double>? Timestamps)
{
    public double? TimestampOf(long frame) => Timestamps is null ? null : Timestamps[(int)frame];
}
