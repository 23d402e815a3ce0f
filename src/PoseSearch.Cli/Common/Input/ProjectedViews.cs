namespace PoseSearch.Cli.Common.Input;

/// <summary>Per camera: N x 26 pixel coordinates and N x 13 visibility flags of the model's joints.</summary>
internal sealed record ProjectedViews(float[][] Keypoints, float[][] Visibility);
