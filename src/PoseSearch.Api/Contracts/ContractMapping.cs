using System.Text.Json;
using PoseSearch.Core.Keypoints;
using PoseSearch.Embedding;
using PoseSearch.Storage;

namespace PoseSearch.Api.Contracts;

/// <summary>Conversions between the API's JSON contracts and the storage/embedding types.</summary>
public static class ContractMapping
{
    public static CollectionResponse ToResponse(this CollectionInfo info) => new(
        info.Name, info.Description, info.PoseCount, new CollectionModelDto(info.ModelName, info.ModelSha256, info.EmbeddingDim), info.CreatedAt);

    public static PoseMetadataDto ToDto(this PoseMetadata metadata) => new(
        metadata.VideoId,
        metadata.Frame,
        metadata.TimestampSeconds,
        metadata.Person,
        metadata.ExtraJson is null ? null : JsonDocument.Parse(metadata.ExtraJson).RootElement.Clone());

    public static PoseMetadata ToMetadata(this PoseMetadataDto? dto) => dto is null
        ? PoseMetadata.Empty
        : new PoseMetadata(dto.VideoId, dto.Frame, dto.Timestamp, dto.Person, dto.Extra is { ValueKind: JsonValueKind.Object } extra ? extra.GetRawText() : null);

    public static StoredPoseResponse ToResponse(this PoseRecord record, string collection)
    {
        var keypoints = new KeypointDto?[ModelJoints.Count];
        for (var j = 0; j < ModelJoints.Count; j++)
        {
            keypoints[j] = new KeypointDto(record.Keypoints[2 * j], record.Keypoints[2 * j + 1], record.Visibility[j]);
        }

        return new StoredPoseResponse(
            record.ExternalId,
            collection,
            new PoseDto(KeypointLayouts.Model13.Name, keypoints),
            new EmbeddingDto(record.Mean, record.Stddev),
            record.Metadata.ToDto(),
            record.UpdatedAt);
    }

    public static ModelCardResponse ToResponse(this ModelCard card, ExecutionProviderKind provider) => new(
        card.Name,
        card.Variant,
        KeypointLayouts.Model13.Name,
        card.Keypoints,
        card.EmbeddingDim,
        card.NumSamples,
        card.SigmoidA,
        card.SigmoidB,
        card.Smoothing,
        card.Kappa,
        card.License,
        card.TrainingData,
        card.Metrics,
        card.Sha256,
        provider.ToString(),
        KeypointLayouts.All.Select(l => l.Name).ToList(),
        card.Kind,
        card.Window is { } w ? new TemporalWindowDto(w.Length, w.Stride, w.FrameRate) : null);
}
