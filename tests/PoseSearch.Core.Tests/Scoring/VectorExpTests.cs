using System.Numerics;
using PoseSearch.Core.Scoring;

namespace PoseSearch.Core.Tests.Scoring;

public class VectorExpTests
{
    [Fact]
    public void Matches_double_precision_exp_to_float_accuracy_over_the_sigmoid_range()
    {
        var width = Vector<float>.Count;
        var worst = 0.0;
        for (var x = -80.0; x <= 80.0; x += 0.0137 * width)
        {
            var inputs = Enumerable.Range(0, width).Select(i => (float)(x + 0.0137 * i)).ToArray();
            var result = VectorExp.Exp(new Vector<float>(inputs));
            for (var i = 0; i < width; i++)
            {
                var expected = Math.Exp(inputs[i]);
                worst = Math.Max(worst, Math.Abs(result[i] - expected) / expected);
            }
        }
        Assert.True(worst < 3e-7, $"worst relative error {worst}");
    }

    [Fact]
    public void Extreme_arguments_saturate_without_nan()
    {
        var result = VectorExp.Exp(new Vector<float>(1e30f));
        Assert.True(result[0] > 1e38f && float.IsFinite(result[0]));
        var tiny = VectorExp.Exp(new Vector<float>(-1e30f));
        Assert.True(tiny[0] >= 0 && tiny[0] < 1e-37f);
        Assert.Equal(1f, VectorExp.Exp(Vector<float>.Zero)[0]);
    }
}
