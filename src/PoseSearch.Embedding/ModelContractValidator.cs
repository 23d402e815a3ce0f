using System.Globalization;
using System.Text.Json;
using PoseSearch.Core.Keypoints;

namespace PoseSearch.Embedding;

/// <summary>
/// Checks a model's inputs, outputs and metadata_props against docs/model-contract.md and
/// reads its <see cref="ModelCard"/>. Collects every problem before failing, so one start-up
/// attempt tells the operator all that is wrong with a model.
/// </summary>
public static class ModelContractValidator
{
    public const string KeypointsInput = "keypoints";
    public const string VisibilityInput = "visibility";
    public const string MeanOutput = "mean";
    public const string StddevOutput = "stddev";

    public static ModelCard Validate(
        IReadOnlyDictionary<string, TensorSignature> inputs,
        IReadOnlyDictionary<string, TensorSignature> outputs,
        IReadOnlyDictionary<string, string> metadata,
        string sha256,
        string modelPath)
    {
        var problems = new List<string>();

        var embeddingDim = ReadInt(metadata, ModelMetadataKeys.EmbeddingDim, problems, min: 1);
        var numSamples = ReadInt(metadata, ModelMetadataKeys.NumSamples, problems, min: 1);

        // A temporal model has a time axis after N (docs/model-contract.md, "Temporal model"): T from
        // its metadata, which must agree with the inputs' fixed axis.
        var temporal = metadata.ContainsKey(ModelMetadataKeys.Window)
            || (inputs.TryGetValue(KeypointsInput, out var keypointsInput) && keypointsInput.Dimensions.Count == 4);
        var window = temporal ? ReadWindow(metadata, problems) : null;
        int[] timeAxis = temporal ? [window?.Length ?? -1] : [];
        CheckTensor(inputs, "input", KeypointsInput, [-1, .. timeAxis, ModelJoints.Count, 2], problems);
        CheckTensor(inputs, "input", VisibilityInput, [-1, .. timeAxis, ModelJoints.Count], problems);
        foreach (var extra in inputs.Keys.Except([KeypointsInput, VisibilityInput]))
        {
            problems.Add($"unexpected input '{extra}' (the contract has exactly '{KeypointsInput}' and '{VisibilityInput}')");
        }

        CheckTensor(outputs, "output", MeanOutput, [-1, embeddingDim ?? -1], problems);
        CheckTensor(outputs, "output", StddevOutput, [-1, embeddingDim ?? -1], problems);

        var formatVersion = ReadInt(metadata, ModelMetadataKeys.FormatVersion, problems, min: 1);
        if (formatVersion is { } v && v != ModelMetadataKeys.SupportedFormatVersion)
        {
            problems.Add($"{ModelMetadataKeys.FormatVersion} is {v}, this service reads version {ModelMetadataKeys.SupportedFormatVersion}");
        }

        var keypoints = ReadString(metadata, ModelMetadataKeys.Keypoints, problems);
        if (keypoints is not null && keypoints != ModelJoints.CommaSeparatedNames)
        {
            problems.Add($"{ModelMetadataKeys.Keypoints} is '{keypoints}', expected '{ModelJoints.CommaSeparatedNames}'");
        }

        var sigmoidA = ReadFloat(metadata, ModelMetadataKeys.SigmoidA, problems);
        if (sigmoidA is { } a && a <= 0)
        {
            problems.Add($"{ModelMetadataKeys.SigmoidA} must be > 0, got {a.ToString(CultureInfo.InvariantCulture)}");
        }

        var sigmoidB = ReadFloat(metadata, ModelMetadataKeys.SigmoidB, problems);
        var smoothing = ReadFloat(metadata, ModelMetadataKeys.Smoothing, problems);
        if (smoothing is { } s && (s < 0 || s >= 1))
        {
            problems.Add($"{ModelMetadataKeys.Smoothing} must be in [0, 1), got {s.ToString(CultureInfo.InvariantCulture)}");
        }

        var kappa = ReadFloat(metadata, ModelMetadataKeys.Kappa, problems);
        if (kappa is { } kp && kp <= 0)
        {
            problems.Add($"{ModelMetadataKeys.Kappa} must be > 0");
        }

        var eps = ReadEps(metadata, numSamples, embeddingDim, problems);

        var variant = ReadString(metadata, ModelMetadataKeys.Variant, problems);
        if (variant is not null && variant is not ("plain" or "occlusion"))
        {
            problems.Add($"{ModelMetadataKeys.Variant} is '{variant}', expected 'plain' or 'occlusion'");
        }

        var license = ReadString(metadata, ModelMetadataKeys.License, problems);
        var trainingData = ReadString(metadata, ModelMetadataKeys.TrainingData, problems);
        var name = ReadString(metadata, ModelMetadataKeys.ModelName, problems);
        var metrics = ReadMetrics(metadata, problems);

        if (problems.Count > 0)
        {
            throw new ModelContractException(modelPath, problems);
        }

        return new ModelCard
        {
            Name = name!,
            FormatVersion = formatVersion!.Value,
            Variant = variant!,
            Keypoints = keypoints!.Split(','),
            EmbeddingDim = embeddingDim!.Value,
            NumSamples = numSamples!.Value,
            SigmoidA = sigmoidA!.Value,
            SigmoidB = sigmoidB!.Value,
            Smoothing = smoothing!.Value,
            Kappa = kappa!.Value,
            Eps = eps!,
            License = license!,
            TrainingData = trainingData!,
            Metrics = metrics!.Value,
            Sha256 = sha256,
            ModelPath = modelPath,
            Window = window,
        };
    }

    /// <summary>The window metadata of a temporal model; null (with the problems added) when any of it is missing or wrong.</summary>
    private static TemporalWindow? ReadWindow(IReadOnlyDictionary<string, string> metadata, List<string> problems)
    {
        var length = ReadInt(metadata, ModelMetadataKeys.Window, problems, min: 2);
        var stride = ReadInt(metadata, ModelMetadataKeys.WindowStride, problems, min: 1);
        var frameRate = ReadFloat(metadata, ModelMetadataKeys.FrameRate, problems);
        if (frameRate is { } rate && rate <= 0)
        {
            problems.Add($"{ModelMetadataKeys.FrameRate} must be > 0, got {rate.ToString(CultureInfo.InvariantCulture)}");
            return null;
        }

        return length is { } t && stride is { } s && frameRate is { } f ? new TemporalWindow(t, s, f) : null;
    }

    private static void CheckTensor(
        IReadOnlyDictionary<string, TensorSignature> tensors, string kind, string name, int[] expected, List<string> problems)
    {
        if (!tensors.TryGetValue(name, out var actual))
        {
            problems.Add($"missing {kind} '{name}' (has: {string.Join(", ", tensors.Keys)})");
            return;
        }

        var expectedText = new TensorSignature(typeof(float), expected).ToString();
        if (actual.ElementType != typeof(float))
        {
            problems.Add($"{kind} '{name}' is {actual}, expected {expectedText}");
            return;
        }

        if (actual.Dimensions.Count != expected.Length)
        {
            problems.Add($"{kind} '{name}' is {actual}, expected {expectedText}");
            return;
        }

        if (actual.Dimensions[0] >= 0)
        {
            problems.Add($"{kind} '{name}' has a fixed batch dimension {actual.Dimensions[0]}, the contract needs a dynamic N");
        }

        for (var i = 1; i < expected.Length; i++)
        {
            // -1 in 'expected' means "not known from metadata"; -1 in 'actual' is a symbolic dimension.
            if (expected[i] >= 0 && actual.Dimensions[i] >= 0 && actual.Dimensions[i] != expected[i])
            {
                problems.Add($"{kind} '{name}' is {actual}, expected {expectedText}");
                return;
            }
        }
    }

    private static string? ReadString(IReadOnlyDictionary<string, string> metadata, string key, List<string> problems)
    {
        if (!metadata.TryGetValue(key, out var value) || string.IsNullOrWhiteSpace(value))
        {
            problems.Add($"metadata '{key}' is missing");
            return null;
        }

        return value.Trim();
    }

    private static int? ReadInt(IReadOnlyDictionary<string, string> metadata, string key, List<string> problems, int min)
    {
        var text = ReadString(metadata, key, problems);
        if (text is null)
        {
            return null;
        }

        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value < min)
        {
            problems.Add($"metadata '{key}' is '{text}', expected an integer >= {min}");
            return null;
        }

        return value;
    }

    private static float? ReadFloat(IReadOnlyDictionary<string, string> metadata, string key, List<string> problems)
    {
        var text = ReadString(metadata, key, problems);
        if (text is null)
        {
            return null;
        }

        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value))
        {
            problems.Add($"metadata '{key}' is '{text}', expected a finite number");
            return null;
        }

        return value;
    }

    private static float[]? ReadEps(IReadOnlyDictionary<string, string> metadata, int? k, int? d, List<string> problems)
    {
        var text = ReadString(metadata, ModelMetadataKeys.Eps, problems);
        if (text is null || k is null || d is null)
        {
            return null;
        }

        float[][]? rows;
        try
        {
            rows = JsonSerializer.Deserialize<float[][]>(text);
        }
        catch (JsonException e)
        {
            problems.Add($"metadata '{ModelMetadataKeys.Eps}' is not a JSON array of arrays of numbers: {e.Message}");
            return null;
        }

        if (rows is null || rows.Length != k || rows.Any(r => r is null || r.Length != d))
        {
            problems.Add($"metadata '{ModelMetadataKeys.Eps}' must be {k} arrays (num_samples) of {d} numbers (embedding_dim)");
            return null;
        }

        var flat = rows.SelectMany(r => r).ToArray();
        if (flat.Any(x => !float.IsFinite(x)))
        {
            problems.Add($"metadata '{ModelMetadataKeys.Eps}' holds a non-finite number");
            return null;
        }

        return flat;
    }

    private static JsonElement? ReadMetrics(IReadOnlyDictionary<string, string> metadata, List<string> problems)
    {
        var text = ReadString(metadata, ModelMetadataKeys.Metrics, problems);
        if (text is null)
        {
            return null;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                problems.Add($"metadata '{ModelMetadataKeys.Metrics}' must be a JSON object");
                return null;
            }

            return document.RootElement.Clone();
        }
        catch (JsonException e)
        {
            problems.Add($"metadata '{ModelMetadataKeys.Metrics}' is not JSON: {e.Message}");
            return null;
        }
    }
}
