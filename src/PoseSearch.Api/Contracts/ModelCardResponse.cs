using System.Text.Json;

namespace PoseSearch.Api.Contracts;

/// <summary>The loaded model: input layout, embedding size, scoring constants, licence and validation metrics.</summary>
public sealed record ModelCardResponse(
    string Name,
    string Variant,
    string InputLayout,
    IReadOnlyList<string> Keypoints,
    int EmbeddingDim,
    int NumSamples,
    float SigmoidA,
    float SigmoidB,
    float Smoothing,
    float Kappa,
    string License,
    string TrainingData,
    JsonElement Metrics,
    string Sha256,
    string ExecutionProvider,
    IReadOnlyList<string> AcceptedLayouts);
