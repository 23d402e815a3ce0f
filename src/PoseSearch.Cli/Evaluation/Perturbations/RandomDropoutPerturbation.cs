namespace PoseSearch.Cli.Evaluation.Perturbations;

/// <summary>Each joint of each query independently marked missing with the given probability.</summary>
internal sealed record RandomDropoutPerturbation(double Probability) : QueryPerturbation
{
    public override string Name => $"dropout-{Probability:0.##}";

    public override string Description => $"each joint missing with probability {Probability:0.##}";

    public override void Apply(ReadOnlySpan<float> keypoints, ReadOnlySpan<float> visibility, Span<float> keypointsOut, Span<float> visibilityOut, Random random)
    {
        keypoints.CopyTo(keypointsOut);
        for (var i = 0; i < visibility.Length; i++)
        {
            visibilityOut[i] = random.NextDouble() < Probability ? 0f : visibility[i];
        }

        ZeroMissing(keypointsOut, visibilityOut);
    }
}
