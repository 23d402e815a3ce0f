namespace PoseSearch.Storage.Sequences;

/// <summary>
/// The stored poses of a <see cref="TrackWindow"/> in frame order, one per frame (the first stored
/// when a frame was stored twice): their frame numbers, ids and embeddings (N x D means and stddevs).
/// </summary>
public sealed record TrackWindowPoses(TrackWindow Window, int[] Frames, string[] Ids, float[] Means, float[] Stddevs, int Dimension)
{
    public int Count => Frames.Length;
}
