using System.ComponentModel.DataAnnotations;

namespace PoseSearch.Api.Startup;

/// <summary>Service-wide settings; section "PoseSearch" (environment: PoseSearch__...).</summary>
public sealed class PoseSearchOptions : IValidatableObject
{
    public const string SectionName = "PoseSearch";
    public const int MinApiKeyLength = 16;

    /// <summary>Keys accepted in X-Api-Key (PoseSearch__ApiKeys__0, __1, ...). At least one.</summary>
    public List<string> ApiKeys { get; set; } = [];

    /// <summary>When true, reads (GET, embeddings, match, search) need a key too.</summary>
    public bool RequireApiKeyForReads { get; set; }

    /// <summary>Most poses in one POST /v1/embeddings.</summary>
    [Range(1, 10000)]
    public int MaxEmbeddingBatch { get; set; } = 256;

    /// <summary>Most poses in one ingest batch.</summary>
    [Range(1, 100000)]
    public int MaxIngestBatch { get; set; } = 1000;

    /// <summary>Joints with a confidence below this count as missing.</summary>
    [Range(0.0, 1.0)]
    public float MinConfidence { get; set; } = 0.1f;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (ApiKeys.Count == 0)
        {
            yield return new ValidationResult(
                "No API key configured: set PoseSearch:ApiKeys (environment variable PoseSearch__ApiKeys__0).",
                [nameof(ApiKeys)]);
        }

        for (var i = 0; i < ApiKeys.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(ApiKeys[i]) || ApiKeys[i].Length < MinApiKeyLength)
            {
                yield return new ValidationResult(
                    $"PoseSearch:ApiKeys:{i} is shorter than {MinApiKeyLength} characters.", [nameof(ApiKeys)]);
            }
        }
    }
}
