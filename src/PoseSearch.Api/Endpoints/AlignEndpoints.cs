using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using PoseSearch.Api.Contracts;
using PoseSearch.Api.Hardening;
using PoseSearch.Api.OpenApi;
using PoseSearch.Api.Security;
using PoseSearch.Api.Serving;
using PoseSearch.Api.Validation;
using PoseSearch.Core.IO;
using PoseSearch.Core.Sequences;

namespace PoseSearch.Api.Endpoints;

public static class AlignEndpoints
{
    public static RouteGroupBuilder MapAlignEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapPost("/align", Align)
            .WithName("AlignSequences")
            .WithTags("Sequences")
            .WithSummary("Align two pose sequences by dynamic time warping")
            .WithDescription(
                "Every frame of A is matched to frames of B along the cheapest monotone path; the frame distance is -ln of the learned match " +
                "probability (or mean-l2, raw-2d; or temporal: -ln p of the temporal model between the windows of T frames centred on each frame, " +
                "the ends padded by repeating the first and last frame; 400 when no temporal model is loaded). " +
                "With subsequence, A is located inside B. Frames without two visible anchor joints are skipped. " +
                string.Create(CultureInfo.InvariantCulture, $"At most {SequenceLimits.MaxFramesPerSequence} frames per sequence and {SequenceLimits.MaxAlignCells:N0} frames(A) x frames(B); ") +
                "time and memory grow as their product.")
            .RequireApiKey(ApiKeyScope.Read).WithEndpointKind(EndpointKind.Align)
            .WithExamples(SequenceExamples.AlignRequest, SequenceExamples.AlignResponse);
        return v1;
    }

    private static async Task<Results<Ok<AlignResponse>, ValidationProblem>> Align(
        AlignRequest request, PoseConverter converter, ModelRegistry models, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var distanceId = request.Distance ?? FrameDistanceIds.MatchProbability;
        if (!FrameDistanceIds.TryParse(distanceId, out var distance))
        {
            errors.Add("distance", $"unknown distance '{distanceId}'; expected {string.Join(", ", FrameDistanceIds.All)}");
        }
        else if (distance == FrameDistanceKind.Temporal && models.DefaultTemporal is null)
        {
            errors.Add("distance", "'temporal' needs a temporal model, and this service loads none: add its folder (e.g. onnx-models/prvipe-temporal-v1) " +
                "to PoseSearch:Model:AdditionalPaths, or use match-prob");
        }

        var sequences = new SequenceConverter(converter);
        var a = sequences.Convert(request.A, "a", SequenceLimits.MaxFramesPerSequence, errors);
        var b = sequences.Convert(request.B, "b", SequenceLimits.MaxFramesPerSequence, errors);
        if (a is not null && b is not null && (long)a.Frames.Count * b.Frames.Count > SequenceLimits.MaxAlignCells)
        {
            errors.Add("b.frames", string.Create(CultureInfo.InvariantCulture, $"{a.Frames.Count} x {b.Frames.Count} frames is more than {SequenceLimits.MaxAlignCells:N0} cells; ") +
                "cut the sequences (or locate a shorter clip of A with subsequence)");
        }

        var (usableA, skippedA) = a is null ? ([], []) : UsableFrames.Split(a.Frames);
        var (usableB, skippedB) = b is null ? ([], []) : UsableFrames.Split(b.Frames);
        RequireUsable(a, usableA, "a", errors);
        RequireUsable(b, usableB, "b", errors);
        if (errors.HasErrors || a is null || b is null)
        {
            return errors.ToProblem();
        }

        // One queue entry per sequence: the batcher runs each in as few model runs as its size allows.
        var subsequence = request.Subsequence ?? false;
        string modelName;
        PoseSequenceAlignment alignment;
        if (distance == FrameDistanceKind.Temporal)
        {
            var temporal = models.DefaultTemporal!;
            modelName = temporal.Card.Name;
            alignment = PoseSequenceAligner.Align(
                await EmbedWindowsAsync(temporal, usableA, cancellationToken), await EmbedWindowsAsync(temporal, usableB, cancellationToken),
                temporal.Scorer, distance, subsequence);
        }
        else
        {
            var model = models.Default;
            modelName = model.Card.Name;
            alignment = PoseSequenceAligner.Align(
                await EmbedAsync(model, usableA, cancellationToken), await EmbedAsync(model, usableB, cancellationToken), model.Scorer, distance, subsequence);
        }

        var path = alignment.Path
            .Select(p => new AlignedPairDto(p.FrameA, p.FrameB, p.Probability, p.Cost, a.TimestampOf(p.FrameA), b.TimestampOf(p.FrameB)))
            .ToList();
        return TypedResults.Ok(new AlignResponse(
            modelName, FrameDistanceIds.Of(distance), subsequence, a.Frames.Count, b.Frames.Count, skippedA, skippedB,
            alignment.TotalCost, alignment.MeanCost, alignment.MeanProbability, alignment.SpeedRatio, alignment.StartB, alignment.EndB, path));
    }

    /// <summary>The usable frames of a sequence embedded by the served model (one call, so one queue entry).</summary>
    internal static async Task<AlignableSequence> EmbedAsync(ServedModel model, List<SequenceFrame> usable, CancellationToken cancellationToken)
    {
        var batch = await model.EmbedAsync(usable.Select(f => f.Pose).ToList(), cancellationToken);
        return AlignableSequence.FromFrames(usable, batch.Means, batch.Stddevs, batch.Dimension);
    }

    /// <summary>
    /// Each usable frame as the temporal model sees it: the window of T usable frames centred on it, the
    /// ends padded by repeating the first and last frame (Core's <see cref="CentredWindows"/>); one queue entry.
    /// </summary>
    private static async Task<AlignableSequence> EmbedWindowsAsync(ServedWindowModel model, List<SequenceFrame> usable, CancellationToken cancellationToken)
    {
        var windows = CentredWindows.Build(usable.Select(f => f.Pose).ToList(), model.Window.Length, model.Window.Stride);
        var batch = await model.EmbedAsync(windows, cancellationToken);
        return AlignableSequence.FromFrames(usable, batch.Means, batch.Stddevs, batch.Dimension);
    }

    internal static void RequireUsable(ConvertedSequence? sequence, List<SequenceFrame> usable, string path, ValidationErrors errors)
    {
        if (sequence is not null && usable.Count == 0)
        {
            errors.Add($"{path}.frames", $"none of the {sequence.Frames.Count} frames has two visible anchor joints (shoulders or hips); nothing to align");
        }
    }
}
