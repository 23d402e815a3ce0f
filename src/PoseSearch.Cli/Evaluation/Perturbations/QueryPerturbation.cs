namespace PoseSearch.Cli.Evaluation.Perturbations;

/// <summary>
/// A corruption applied to query poses (never to the index) for the robustness rows: it
/// models a noisy detector or an occluded body. Deterministic for a given seed.
/// </summary>
internal abstract record QueryPerturbation
{
    /// <summary>Short identifier used in the JSON and the table, e.g. "noise-5px".</summary>
    public abstract string Name { get; }

    /// <summary>A sentence for the report.</summary>
    public abstract string Description { get; }

    /// <summary>Writes the perturbed copy of N poses (N x 26 pixels, N x 13 flags) into the destinations.</summary>
    public abstract void Apply(ReadOnlySpan<float> keypoints, ReadOnlySpan<float> visibility, Span<float> keypointsOut, Span<float> visibilityOut, Random random);

    /// <summary>Missing joints carry (0, 0), as the model contract stores them.</summary>
    protected static void ZeroMissing(Span<float> keypoints, ReadOnlySpan<float> visibility)
    {
        for (var j = 0; j < visibility.Length; j++)
        {
            if (visibility[j] != 0f)
            {
                continue;
            }

            keypoints[2 * j] = 0f;
            keypoints[2 * j + 1] = 0f;
        }
    }
}
