using PoseSearch.Storage.Sequences;

namespace PoseSearch.Storage.Tests;

/// <summary>The parts of the sequence search that need no database: which query frames are searched, how windows merge.</summary>
public class SegmentSearchPlanningTests
{
    [Theory]
    [InlineData(1, 5, new[] { 0 })]
    [InlineData(4, 5, new[] { 0, 1, 2, 3 })]
    [InlineData(40, 5, new[] { 0, 10, 20, 29, 39 })]
    [InlineData(41, 5, new[] { 0, 10, 20, 30, 40 })]
    [InlineData(40, 1, new[] { 20 })]
    public void Shortlisted_query_frames_are_evenly_spaced_from_first_to_last(int count, int wanted, int[] expected) =>
        Assert.Equal(expected, SegmentSearch.ShortlistIndices(count, wanted));

    [Fact]
    public void Overlapping_windows_of_a_track_merge_and_add_their_support_up_to_the_longest_window()
    {
        var proposals = new List<(TrackWindow, double)>
        {
            (new TrackWindow("v", 0, 100, 150), 0.5),
            (new TrackWindow("v", 0, 140, 200), 0.25),
            (new TrackWindow("v", 0, 300, 350), 0.5),  // apart from the others
            (new TrackWindow("v", 1, 100, 150), 0.75), // another person
            (new TrackWindow("w", 0, 120, 160), 0.5),  // another video
            (new TrackWindow("v", 0, 190, 400), 0.125), // would make 100-400: longer than 250 frames
        };

        var merged = SegmentSearch.Merge(proposals, maxFrames: 250).OrderBy(m => m.Window.VideoId).ThenBy(m => m.Window.Person).ThenBy(m => m.Window.FirstFrame).ToList();

        Assert.Equal(
        [
            (new TrackWindow("v", 0, 100, 200), 0.75),
            (new TrackWindow("v", 0, 190, 400), 0.625),
            (new TrackWindow("v", 1, 100, 150), 0.75),
            (new TrackWindow("w", 0, 120, 160), 0.5),
        ], merged);
    }
}
