namespace PoseSearch.Cli.Operations.Synthesis;

/// <summary>
/// One clip of the mocap filmed by one random camera: the unit that shares a video id. Camera
/// round r is the r-th pass over the clips, each with fresh cameras.
/// </summary>
internal sealed record SyntheticVideo(int Clip, int CameraRound, SyntheticCamera Camera, string VideoId, string CameraJson);
