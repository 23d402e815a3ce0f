namespace PoseSearch.Core;

/// <summary>
/// Input that is not a valid pose or pose file: wrong joint count, unknown layout, NaN where a
/// number is required, too few visible anchors, malformed JSON/npz. The message names the problem.
/// Derives from <see cref="ArgumentException"/> so callers that map argument errors to HTTP 400
/// handle it without knowing this type.
/// </summary>
public class PoseFormatException : ArgumentException
{
    public PoseFormatException(string message) : base(message) { }

    public PoseFormatException(string message, Exception innerException) : base(message, innerException) { }
}
