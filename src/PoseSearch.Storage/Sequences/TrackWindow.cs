namespace PoseSearch.Storage.Sequences;

/// <summary>A stretch of one person's track in one video: frames <see cref="FirstFrame"/> to <see cref="LastFrame"/>, inclusive.</summary>
public sealed record TrackWindow(string VideoId, int? Person, int FirstFrame, int LastFrame)
{
    public int Length => LastFrame - FirstFrame + 1;
}
