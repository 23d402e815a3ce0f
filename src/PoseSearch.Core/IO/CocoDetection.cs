using PoseSearch.Core.Keypoints;

namespace PoseSearch.Core.IO;

/// <summary>One entry of a COCO keypoint results file: a detected person with per-joint scores.</summary>
public sealed record CocoDetection(long ImageId, int CategoryId, IReadOnlyList<Keypoint> Keypoints, float Score)
{
    public ModelPose ToModelPose(ConversionOptions? options = null) =>
        LayoutConverter.ToModel13(KeypointLayouts.Coco17, Keypoints.ToArray(), options);
}
