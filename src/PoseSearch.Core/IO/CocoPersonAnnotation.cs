using PoseSearch.Core.Keypoints;

namespace PoseSearch.Core.IO;

/// <summary>
/// One person of a COCO keypoint annotation file. <see cref="Keypoints"/> holds the 17 COCO
/// joints with the visibility flag v as confidence: 0 = not labelled (a missing joint),
/// 1 = labelled but occluded, 2 = labelled and visible, so <see cref="LayoutConverter"/> with
/// the default MinConfidence treats exactly the joints with v &gt; 0 as present.
/// </summary>
public sealed record CocoPersonAnnotation(
    long Id,
    long ImageId,
    int CategoryId,
    IReadOnlyList<Keypoint> Keypoints,
    int NumKeypoints,
    bool IsCrowd,
    IReadOnlyList<float> BoundingBox,
    float Area)
{
    public int LabelledCount => Keypoints.Count(k => k.Confidence > 0);

    public ModelPose ToModelPose(ConversionOptions? options = null) =>
        LayoutConverter.ToModel13(KeypointLayouts.Coco17, Keypoints.ToArray(), options);
}
