using PoseSearch.Core.Keypoints;

namespace PoseSearch.Cli.Evaluation.Perturbations;

/// <summary>The occluded parts of <see cref="StructuredDropoutPerturbation"/>.</summary>
internal enum BodyPart
{
    /// <summary>Elbow and wrist of one side (drawn per query).</summary>
    Arm,

    /// <summary>Knee and ankle of one side (drawn per query).</summary>
    Leg,

    /// <summary>Both hips, knees and ankles: the person behind a desk. The shoulders remain as anchors.</summary>
    LowerBody,
}

/// <summary>Names, descriptions and joints of each <see cref="BodyPart"/>.</summary>
internal static class BodyParts
{
    public static string Name(BodyPart part) => part switch
    {
        BodyPart.Arm => "arm",
        BodyPart.Leg => "leg",
        BodyPart.LowerBody => "lower-body",
        _ => throw new ArgumentOutOfRangeException(nameof(part)),
    };

    public static BodyPart Parse(string name) => name.Trim().ToLowerInvariant() switch
    {
        "arm" => BodyPart.Arm,
        "leg" => BodyPart.Leg,
        "lower-body" => BodyPart.LowerBody,
        _ => throw new ArgumentException($"unknown body part '{name}' (expected arm, leg or lower-body)"),
    };

    public static string Description(BodyPart part) => part switch
    {
        BodyPart.Arm => "one arm (elbow and wrist, side drawn per query) missing",
        BodyPart.Leg => "one leg (knee and ankle, side drawn per query) missing",
        BodyPart.LowerBody => "lower body (hips, knees, ankles) missing",
        _ => throw new ArgumentOutOfRangeException(nameof(part)),
    };

    public static int[] Joints(BodyPart part, bool left) => part switch
    {
        BodyPart.Arm => left ? [ModelJoints.LeftElbow, ModelJoints.LeftWrist] : [ModelJoints.RightElbow, ModelJoints.RightWrist],
        BodyPart.Leg => left ? [ModelJoints.LeftKnee, ModelJoints.LeftAnkle] : [ModelJoints.RightKnee, ModelJoints.RightAnkle],
        BodyPart.LowerBody =>
        [
            ModelJoints.LeftHip, ModelJoints.RightHip, ModelJoints.LeftKnee, ModelJoints.RightKnee,
            ModelJoints.LeftAnkle, ModelJoints.RightAnkle,
        ],
        _ => throw new ArgumentOutOfRangeException(nameof(part)),
    };
}
