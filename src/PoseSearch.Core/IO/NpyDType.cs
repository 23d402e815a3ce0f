namespace PoseSearch.Core.IO;

/// <summary>The .npy element types <see cref="NpyReader"/> supports (all little-endian).</summary>
public enum NpyDType
{
    Float32,
    Float64,
    Int32,
    Int64,
    /// <summary>Fixed-width unicode strings ('&lt;U n'), UTF-32 code units, NUL padded.</summary>
    Unicode,
}
