using System.Text.Json;

namespace PoseSearch.Api.Contracts;

/// <summary>
/// The loaded model: input layout, embedding size, scoring constants, licence and validation metrics;
/// its kind ("single-frame", or "temporal": windows of frames) and, for a temporal model, its window.
/// </summary>
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
    IReadOnlyList<string> AcceptedLayouts,
    string Kind,
    TemporalWindowDto? Window = null);

/// <summary>The window of a temporal model: T frames, consecutive frames Stride source frames apart at FrameRate frames per second.</summary>
public sealed record TemporalWindowDto(int Length, int Stride, double FrameRate);
