using Microsoft.AspNetCore.Http.HttpResults;
using PoseSearch.Api.Contracts;
using PoseSearch.Api.Hardening;
using PoseSearch.Api.OpenApi;
using PoseSearch.Api.Security;
using PoseSearch.Api.Serving;
using PoseSearch.Api.Validation;
using PoseSearch.Core.IO;
using PoseSearch.Core.Sequences;
using PoseSearch.Storage;
using PoseSearch.Storage.Sequences;

namespace PoseSearch.Api.Endpoints;

public static class SequenceSearchEndpoints
{
    public const int DefaultK = 5;
    public const int MaxK = 50;

    /// <summary>The services the endpoint needs beside the search's (called once, at startup).</summary>
    public static IServiceCollection AddSequenceSearch(this IServiceCollection services) => services
        .AddSingleton<TrackWindowReader>()
        .AddSingleton<PoseWindowSearch>()
        .AddSingleton<SegmentSearch>();

    public static RouteGroupBuilder MapSequenceSearchEndpoints(this RouteGroupBuilder v1)
    {
        v1.MapPost("/collections/{name}/search/sequence", Search)
            .WithName("SearchSequence")
            .WithTags("Sequences")
            .WithSummary("Find the stored stretches of video where a person performs the query clip")
            .WithDescription(
                "A few evenly spaced query frames are searched through the index; each hit opens a window of its track (videoId, person) " +
                "around where the clip would lie; the clip is located in each window by subsequence DTW on -ln p over the stored embeddings. " +
                "Segments rank by the mean match probability along the path; overlapping segments of a track are reported once. " +
                "With a temporal model loaded and the collection's windows built by it (POST /v1/collections/{name}/windows), the shortlist " +
                "searches the stored windows with the windows centred on those query frames instead (response: shortlist \"windows\", " +
                "else \"frames\"); verification is the same. Only poses stored with a videoId and a frame take part.")
            .RequireApiKey(ApiKeyScope.Read).WithEndpointKind(EndpointKind.SequenceSearch)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status503ServiceUnavailable)
            .WithExamples(SequenceExamples.SequenceSearchRequest, SequenceExamples.SequenceSearchResponse);
        return v1;
    }

    private static async Task<Results<Ok<SequenceSearchResponse>, ValidationProblem>> Search(
        string name, SequenceSearchRequest request, PoseConverter converter, CollectionModels collectionModels, ModelRegistry models,
        SegmentSearch segments, CancellationToken cancellationToken)
    {
        var errors = new ValidationErrors();
        var k = request.K ?? DefaultK;
        if (k < 1 || k > MaxK)
        {
            errors.Add("k", $"must be between 1 and {MaxK}, got {k}");
        }

        if (!Names.IsValidCollectionName(name))
        {
            throw new CollectionNotFoundException(name); // cannot exist; the database is not asked
        }

        var query = new SequenceConverter(converter).Convert(request.Query, "query", SequenceLimits.MaxQueryFrames, errors);
        var (usable, skipped) = query is null ? ([], []) : UsableFrames.Split(query.Frames);
        AlignEndpoints.RequireUsable(query, usable, "query", errors);
        if (errors.HasErrors || query is null)
        {
            return errors.ToProblem();
        }

        // The collection's own model (several may be loaded side by side).
        var result = await collectionModels.RunAsync(name, async model =>
        {
            var embedded = await AlignEndpoints.EmbedAsync(model, usable, cancellationToken);
            return await segments.SearchAsync(name, model.Identity, model.Scorer, embedded, new SegmentSearchOptions { K = k }, cancellationToken,
                TemporalShortlist(models.DefaultTemporal, usable));
        }, cancellationToken);
        var dtos = result.Segments.Select(s => new SegmentDto(
            s.VideoId, s.Person, s.StartFrame, s.EndFrame, s.Score, s.MeanCost, s.SpeedRatio,
            s.Alignment.Select(p => new AlignedPairDto(p.FrameA, p.FrameB, p.Probability, p.Cost, query.TimestampOf(p.FrameA))).ToList())).ToList();
        return TypedResults.Ok(new SequenceSearchResponse(name, dtos, skipped, result.CandidatesShortlisted, result.WindowsVerified, result.Shortlist));
    }

    /// <summary>The query's centred windows (as /v1/align's temporal distance builds them), embedded only if the collection has windows.</summary>
    private static WindowShortlist? TemporalShortlist(ServedWindowModel? temporal, List<SequenceFrame> usable) =>
        temporal is null ? null : new WindowShortlist(WindowEndpoints.Identity(temporal), temporal.Scorer, async cancellationToken =>
        {
            var windows = CentredWindows.Build(usable.Select(f => f.Pose).ToList(), temporal.Window.Length, temporal.Window.Stride);
            var batch = await temporal.EmbedAsync(windows, cancellationToken);
            return (batch.Means, batch.Stddevs);
        });
}
