using System.Text.Json;
using PoseSearch.Api.Contracts;
using PoseSearch.Storage;

namespace PoseSearch.Api.Validation;

/// <summary>
/// What a search asks for besides its pose: k, the lowest probability worth returning, the
/// metadata filter, mirror-aware search and the highest ambiguity accepted. <see cref="Read"/> is the one place these are checked (TwoStageSearch takes
/// them as given).
/// </summary>
public sealed record SearchParameters(int K, float MinProbability, SearchFilter Filter, bool Mirror, float? MaxAmbiguity)
{
    public const int DefaultK = 10;

    /// <summary>The request's parameters with their defaults; problems go to <paramref name="errors"/> (then null).</summary>
    public static SearchParameters? Read(SearchRequest request, int maxK, ValidationErrors errors)
    {
        var before = errors.Count;
        var k = request.K ?? DefaultK;
        if (k < 1 || k > maxK)
        {
            errors.Add("k", $"must be between 1 and {maxK}, got {k}");
        }

        var minProbability = request.MinProbability ?? 0.0;
        if (!(minProbability >= 0.0 && minProbability <= 1.0))
        {
            errors.Add("minProbability", $"must be between 0 and 1, got {minProbability}");
        }

        if (request.MaxAmbiguity is { } maxAmbiguity && !(maxAmbiguity >= 0.0 && maxAmbiguity <= 1.0))
        {
            errors.Add("maxAmbiguity", $"must be between 0 and 1, got {maxAmbiguity}");
        }

        var filter = request.Filter;
        if (filter?.VideoId is { Length: > 200 })
        {
            errors.Add("filter.videoId", "at most 200 characters");
        }

        TextRules.Check(filter?.VideoId, "filter.videoId", errors);
        TextRules.CheckExtra(filter?.Extra, "filter.extra", errors);
        if (errors.Count > before)
        {
            return null;
        }

        return new SearchParameters(
            k,
            (float)minProbability,
            new SearchFilter(filter?.VideoId, filter?.Person, filter?.Extra is { ValueKind: JsonValueKind.Object } extra ? extra.GetRawText() : null),
            request.Mirror ?? false,
            request.MaxAmbiguity is { } max ? (float)max : null);
    }
}
