using PoseSearch.Core.Keypoints;

namespace PoseSearch.Cli.Evaluation.Perturbations;

/// <summary>A whole body part missing in every query, as an occluder or the image border hides it.</summary>
internal sealed record StructuredDropoutPerturbation(BodyPart Part) : QueryPerturbation
{
    public override string Name => $"missing-{BodyParts.Name(Part)}";

    public override string Description => BodyParts.Description(Part);

    public override void Apply(ReadOnlySpan<float> keypoints, ReadOnlySpan<float> visibility, Span<float> keypointsOut, Span<float> visibilityOut, Random random)
    {
        keypoints.CopyTo(keypointsOut);
        visibility.CopyTo(visibilityOut);
        var poses = visibility.Length / ModelJoints.Count;
        for (var n = 0; n < poses; n++)
        {
            // "One arm" / "one leg": the side is drawn per query so that neither side is favoured.
            var left = random.Next(2) == 0;
            foreach (var joint in BodyParts.Joints(Part, left))
            {
                visibilityOut[n * ModelJoints.Count + joint] = 0f;
            }
        }
        ZeroMissing(keypointsOut, visibilityOut);
    }
}
