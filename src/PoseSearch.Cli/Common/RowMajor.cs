namespace PoseSearch.Cli.Common;

/// <summary>Row selection on flat row-major arrays (N rows of <c>width</c> floats each).</summary>
internal static class RowMajor
{
    /// <summary>The given rows, in that order, as a new array of rows.Count x width.</summary>
    public static float[] Gather(ReadOnlySpan<float> source, IReadOnlyList<int> rows, int width)
    {
        var result = new float[rows.Count * width];
        for (var i = 0; i < rows.Count; i++)
        {
            source.Slice(rows[i] * width, width).CopyTo(result.AsSpan(i * width, width));
        }

        return result;
    }
}
