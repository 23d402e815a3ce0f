using System.Numerics;

namespace PoseSearch.Cli.Evaluation;

/// <summary>
/// Rows of floats stored contiguously, each row padded with zeros to a whole number of SIMD
/// vectors, so that distance loops run on full vectors with no scalar tail. Zero padding does
/// not change an L2 distance (both sides are zero there).
/// </summary>
internal sealed class PaddedMatrix
{
    public PaddedMatrix(int rows, int columns)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(columns);
        Rows = rows;
        Columns = columns;
        Stride = (columns + Vector<float>.Count - 1) / Vector<float>.Count * Vector<float>.Count;
        Data = new float[rows * Stride];
    }

    /// <summary>Copies an unpadded row-major matrix (rows x columns).</summary>
    public static PaddedMatrix FromRows(ReadOnlySpan<float> values, int columns)
    {
        if (values.Length % columns != 0)
        {
            throw new ArgumentException($"{values.Length} values are not a whole number of rows of {columns}", nameof(values));
        }

        var matrix = new PaddedMatrix(values.Length / columns, columns);
        for (var r = 0; r < matrix.Rows; r++)
        {
            values.Slice(r * columns, columns).CopyTo(matrix.Row(r));
        }

        return matrix;
    }

    public int Rows { get; }

    /// <summary>Meaningful values per row.</summary>
    public int Columns { get; }

    /// <summary>Floats per stored row (Columns rounded up to the SIMD width).</summary>
    public int Stride { get; }

    public float[] Data { get; }

    /// <summary>The meaningful part of row r (writable).</summary>
    public Span<float> Row(int r) => Data.AsSpan(r * Stride, Columns);

    /// <summary>Row r with its padding, as the distance kernels read it.</summary>
    public ReadOnlySpan<float> PaddedRow(int r) => Data.AsSpan(r * Stride, Stride);

    /// <summary>A new matrix holding the given rows, in that order.</summary>
    public PaddedMatrix SelectRows(IReadOnlyList<int> rows)
    {
        var result = new PaddedMatrix(rows.Count, Columns);
        for (var i = 0; i < rows.Count; i++)
        {
            PaddedRow(rows[i]).CopyTo(result.Data.AsSpan(i * Stride, Stride));
        }

        return result;
    }
}
