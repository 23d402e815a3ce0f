namespace PoseSearch.Cli.Evaluation.Perturbations;

/// <summary>Independent Gaussian noise of standard deviation sigma (pixels) on x and y of every visible joint.</summary>
internal sealed record GaussianNoisePerturbation(double SigmaPixels) : QueryPerturbation
{
    public override string Name => $"noise-{SigmaPixels:0.##}px";

    public override string Description => $"Gaussian noise, sigma {SigmaPixels:0.##} px, on every visible joint";

    public override void Apply(ReadOnlySpan<float> keypoints, ReadOnlySpan<float> visibility, Span<float> keypointsOut, Span<float> visibilityOut, Random random)
    {
        visibility.CopyTo(visibilityOut);
        for (var i = 0; i < keypoints.Length; i++)
        {
            var joint = i / 2;
            keypointsOut[i] = visibility[joint] != 0f
                ? (float)(keypoints[i] + SigmaPixels * StandardNormal(random))
                : keypoints[i];
        }
    }

    private static double StandardNormal(Random random)
    {
        // Box-Muller; 1 - NextDouble() lies in (0, 1], so the logarithm is finite.
        var u1 = 1.0 - random.NextDouble();
        var u2 = random.NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
