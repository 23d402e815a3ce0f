using System.Numerics;

namespace PoseSearch.Cli.Evaluation;

/// <summary>
/// An index matrix stored column by column (all rows' value 0, then all rows' value 1, ...),
/// with the row count padded to the SIMD width. A query is then compared with W rows at once
/// by W-wide subtractions and multiply-adds over the columns, with no horizontal sums: the
/// layout of the L2 scan in <see cref="L2Search"/>.
/// </summary>
internal sealed class ColumnMajorMatrix
{
    /// <summary>Value of padding rows: their squared distance (about 1e36) never enters a top k.</summary>
    private const float PaddingValue = 1e18f;

    public ColumnMajorMatrix(PaddedMatrix rows)
    {
        Rows = rows.Rows;
        Columns = rows.Columns;
        PaddedRows = (Rows + Vector<float>.Count - 1) / Vector<float>.Count * Vector<float>.Count;
        Data = new float[Columns * PaddedRows];
        for (var r = 0; r < Rows; r++)
        {
            var row = rows.Row(r);
            for (var c = 0; c < Columns; c++)
            {
                Data[c * PaddedRows + r] = row[c];
            }
        }
        for (var r = Rows; r < PaddedRows; r++)
        {
            Data[r] = PaddingValue;
        }
    }

    public int Rows { get; }

    public int Columns { get; }

    /// <summary>Rows rounded up to the SIMD width; the length of each stored column.</summary>
    public int PaddedRows { get; }

    public float[] Data { get; }
}
