using System.Text.Json;
using System.Text.Json.Serialization;
using PoseSearch.Api.Contracts;
using PoseSearch.Core.Keypoints;

namespace PoseSearch.Api.Validation;

/// <summary>
/// Reads a pose's keypoints and stops at the first one beyond the largest layout (33 joints):
/// half a million keypoints are refused after 34, not parsed, validated and listed one by one.
/// </summary>
public sealed class BoundedKeypointListConverter : JsonConverter<IReadOnlyList<KeypointDto?>>
{
    /// <summary>The joint count of the largest known layout.</summary>
    public static readonly int MaxKeypoints = KeypointLayouts.All.Max(l => l.JointCount);

    public override IReadOnlyList<KeypointDto?>? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw new JsonException("must be an array of keypoints");
        }

        var keypoints = new List<KeypointDto?>();
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (keypoints.Count == MaxKeypoints)
            {
                throw new JsonException($"at most {MaxKeypoints} keypoints (the largest layout), got more");
            }

            try
            {
                keypoints.Add(JsonSerializer.Deserialize<KeypointDto?>(ref reader, options));
            }
            catch (JsonException e) when (e is not NestedJsonException)
            {
                // The nested read knows only its own path ("$.x"); keep it for the client's field name.
                var index = keypoints.Count.ToString(System.Globalization.CultureInfo.InvariantCulture);
                throw new NestedJsonException($"[{index}]{(e.Path ?? "$").TrimStart('$')}", Errors.BindingProblems.MessageOf(e), e);
            }
        }

        return keypoints;
    }

    /// <summary>A problem inside one keypoint: STJ sets <see cref="JsonException.Path"/> to the list, <see cref="Suffix"/> goes on from there.</summary>
    public sealed class NestedJsonException(string suffix, string message, Exception inner) : JsonException(message, inner)
    {
        public string Suffix { get; } = suffix;
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<KeypointDto?> value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(writer, value.ToArray(), options);
}
