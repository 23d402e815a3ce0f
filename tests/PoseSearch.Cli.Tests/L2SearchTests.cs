using PoseSearch.Cli.Common;
using PoseSearch.Cli.Evaluation;

namespace PoseSearch.Cli.Tests;

public class L2SearchTests
{
    [Theory]
    [InlineData(26, 300)]
    [InlineData(16, 301)]
    [InlineData(3, 7)]
    public void Finds_the_same_neighbours_as_brute_force_and_skips_excluded_rows(int columns, int rows)
    {
        var random = new Random(columns);
        var values = Enumerable.Range(0, rows * columns).Select(_ => (float)random.NextDouble()).ToArray();
        var index = PaddedMatrix.FromRows(values, columns);
        var include = Enumerable.Range(0, rows).Select(r => r % 7 != 3).ToArray();
        var query = new PaddedMatrix(1, columns);
        for (var c = 0; c < columns; c++)
        {
            query.Row(0)[c] = (float)random.NextDouble();
        }

        var selector = new TopKSelector(20);
        L2Search.Nearest(query.PaddedRow(0), new ColumnMajorMatrix(index), include, selector);

        double Distance(int r) => Enumerable.Range(0, columns).Sum(c => Math.Pow(values[r * columns + c] - query.Row(0)[c], 2));
        var expected = Enumerable.Range(0, rows).Where(r => include[r]).OrderBy(Distance).Take(Math.Min(20, rows)).ToArray();
        Assert.Equal(expected, selector.Ids.ToArray());
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.Equal(Distance(expected[i]), selector.Scores[i], 4);
        }
    }

    [Fact]
    public void Padding_leaves_the_row_values_and_adds_zeros()
    {
        var matrix = PaddedMatrix.FromRows(new float[] { 1, 2, 3, 4, 5, 6 }, 3);
        Assert.Equal(2, matrix.Rows);
        Assert.True(matrix.Stride >= 3 && matrix.Stride % System.Numerics.Vector<float>.Count == 0);
        Assert.Equal(new float[] { 4, 5, 6 }, matrix.Row(1).ToArray());
        Assert.All(matrix.PaddedRow(1)[3..].ToArray(), v => Assert.Equal(0f, v));
    }
}
