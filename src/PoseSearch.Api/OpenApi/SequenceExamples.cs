using PoseSearch.Api.Contracts;

namespace PoseSearch.Api.OpenApi;

/// <summary>The example bodies of the sequence endpoints (align, sequence search) in the OpenAPI document and docs/api.md.</summary>
public static class SequenceExamples
{
    private static SequenceFrameDto Frame(long frame, PoseDto pose) => new(frame, null, pose);

    private static readonly SequenceDto TakeA = new(
    [
        Frame(0, ApiExamples.StandingCoco17), Frame(1, ApiExamples.ArmRaisedModel13), Frame(2, ApiExamples.ArmRaisedModel13),
    ]);

    private static readonly SequenceDto TakeB = new(
    [
        Frame(10, ApiExamples.StandingCoco17), Frame(11, ApiExamples.StandingCoco17),
        Frame(12, ApiExamples.ArmRaisedModel13), Frame(13, ApiExamples.ArmRaisedModel13),
    ]);

    public static AlignRequest AlignRequest { get; } = new(TakeA, TakeB, "match-prob", false);

    /// <summary>What prvipe-v2 answers to <see cref="AlignRequest"/>.</summary>
    public static AlignResponse AlignResponse { get; } = new("prvipe-v2", "match-prob", false, 3, 4, [], [], 0.9710, 0.2427, 0.7849, 1.3333, 10, 13,
    [
        new AlignedPairDto(0, 10, 0.7591, 0.2757), new AlignedPairDto(0, 11, 0.7591, 0.2757),
        new AlignedPairDto(1, 12, 0.8107, 0.2098), new AlignedPairDto(2, 13, 0.8107, 0.2098),
    ]);

    public static SequenceSearchRequest SequenceSearchRequest { get; } = new(TakeA, 3);

    public static SequenceSearchResponse SequenceSearchResponse { get; } = new("dance-videos",
    [
        new SegmentDto("dance-042", 0, 1336, 1338, 0.8121, 0.2127, 1.0,
        [
            new AlignedPairDto(0, 1336, 0.8533, 0.1586), new AlignedPairDto(1, 1337, 0.7861, 0.2407), new AlignedPairDto(2, 1338, 0.7969, 0.2270),
        ]),
    ], [], 150, 4, "windows");

    public static WindowSetResponse WindowSet { get; } = new("dance-videos", "prvipe-temporal-v1",
        "3f0c9a1e5b7d2c4a6e8f0b1d3c5e7a9b2d4f6a8c0e1b3d5f7a9c2e4b6d8f0a1c", 98_304, 100_000,
        new DateTime(2026, 12, 1, 22, 30, 0, DateTimeKind.Utc), false);
}
