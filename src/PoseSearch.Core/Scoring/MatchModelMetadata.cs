using System.Globalization;
using System.Text.Json;

namespace PoseSearch.Core.Scoring;

/// <summary>
/// Reads the scoring parameters from an exported model's metadata_props
/// (docs/model-contract.md): posesearch.sigmoid_a, sigmoid_b, smoothing, eps, embedding_dim, num_samples.
/// </summary>
public static class MatchModelMetadata
{
    public const string SigmoidAKey = "posesearch.sigmoid_a";
    public const string SigmoidBKey = "posesearch.sigmoid_b";
    public const string SmoothingKey = "posesearch.smoothing";
    public const string EpsKey = "posesearch.eps";
    public const string EmbeddingDimKey = "posesearch.embedding_dim";
    public const string NumSamplesKey = "posesearch.num_samples";

    /// <exception cref="InvalidDataException">A key is missing or its value is malformed; the message names the key.</exception>
    public static MatchProbabilityModel CreateModel(IReadOnlyDictionary<string, string> metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var a = ReadFloat(metadata, SigmoidAKey);
        var b = ReadFloat(metadata, SigmoidBKey);
        var s = ReadFloat(metadata, SmoothingKey);
        var dimension = ReadInt(metadata, EmbeddingDimKey);
        var samples = ReadInt(metadata, NumSamplesKey);
        var eps = ReadEps(Require(metadata, EpsKey), samples, dimension);
        try
        {
            return new MatchProbabilityModel(a, b, s, eps, dimension);
        }
        catch (ArgumentException e)
        {
            throw new InvalidDataException($"model metadata describes an invalid match probability model: {e.Message}", e);
        }
    }

    private static string Require(IReadOnlyDictionary<string, string> metadata, string key) =>
        metadata.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value)
            ? value
            : throw new InvalidDataException($"model metadata lacks '{key}'");

    private static float ReadFloat(IReadOnlyDictionary<string, string> metadata, string key)
    {
        var text = Require(metadata, key);
        if (!float.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || !float.IsFinite(value))
        {
            throw new InvalidDataException($"model metadata '{key}' is not a finite number: '{text}'");
        }

        return value;
    }

    private static int ReadInt(IReadOnlyDictionary<string, string> metadata, string key)
    {
        var text = Require(metadata, key);
        if (!int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) || value <= 0)
        {
            throw new InvalidDataException($"model metadata '{key}' is not a positive integer: '{text}'");
        }

        return value;
    }

    private static float[] ReadEps(string json, int samples, int dimension)
    {
        try
        {
            using var document = JsonDocument.Parse(json);
            var rows = document.RootElement;
            if (rows.ValueKind != JsonValueKind.Array || rows.GetArrayLength() != samples)
            {
                throw new InvalidDataException($"model metadata '{EpsKey}' must be an array of {NumSamplesKey} = {samples} rows");
            }

            var eps = new float[samples * dimension];
            var r = 0;
            foreach (var row in rows.EnumerateArray())
            {
                if (row.ValueKind != JsonValueKind.Array || row.GetArrayLength() != dimension)
                {
                    throw new InvalidDataException($"model metadata '{EpsKey}' row {r} must hold {EmbeddingDimKey} = {dimension} numbers");
                }

                var c = 0;
                foreach (var value in row.EnumerateArray())
                {
                    eps[r * dimension + c++] = value.GetSingle();
                }

                r++;
            }
            return eps;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            throw new InvalidDataException($"model metadata '{EpsKey}' is not a JSON array of arrays of numbers: {e.Message}", e);
        }
    }
}
