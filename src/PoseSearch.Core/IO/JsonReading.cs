using System.Text.Json;

namespace PoseSearch.Core.IO;

/// <summary>Shared helpers of the JSON pose readers: parse with a clear error, typed field access.</summary>
internal static class JsonReading
{
    public static JsonDocument Parse(Stream stream, string source)
    {
        try
        {
            return JsonDocument.Parse(stream);
        }
        catch (JsonException e)
        {
            throw new PoseFormatException($"{source} is not valid JSON: {e.Message}", e);
        }
    }

    public static JsonDocument Parse(string json, string source)
    {
        try
        {
            return JsonDocument.Parse(json);
        }
        catch (JsonException e)
        {
            throw new PoseFormatException($"{source} is not valid JSON: {e.Message}", e);
        }
    }

    public static JsonElement Property(JsonElement element, string name, JsonValueKind kind, string where)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            throw new PoseFormatException($"{where}: missing \"{name}\"");
        }

        if (value.ValueKind != kind && !(kind == JsonValueKind.True && value.ValueKind == JsonValueKind.False))
        {
            throw new PoseFormatException($"{where}: \"{name}\" must be {Describe(kind)}, got {Describe(value.ValueKind)}");
        }

        return value;
    }

    public static long Int64(JsonElement element, string name, string where)
    {
        var value = Property(element, name, JsonValueKind.Number, where);
        return value.TryGetInt64(out var result) ? result : throw new PoseFormatException($"{where}: \"{name}\" must be an integer, got {value}");
    }

    public static float Single(JsonElement element, string name, string where)
    {
        var value = Property(element, name, JsonValueKind.Number, where).GetDouble();
        return double.IsFinite(value) ? (float)value : throw new PoseFormatException($"{where}: \"{name}\" is not finite");
    }

    public static float? OptionalSingle(JsonElement element, string name, string where)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            throw new PoseFormatException($"{where}: \"{name}\" must be a number, got {Describe(value.ValueKind)}");
        }

        return (float)value.GetDouble();
    }

    /// <summary>An array of exactly <paramref name="count"/> numbers.</summary>
    public static float[] Numbers(JsonElement array, int count, string what, string where)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new PoseFormatException($"{where}: {what} must be an array, got {Describe(array.ValueKind)}");
        }

        var length = array.GetArrayLength();
        if (length != count)
        {
            throw new PoseFormatException($"{where}: {what} has {length} values, expected {count}");
        }

        var values = new float[count];
        var i = 0;
        foreach (var item in array.EnumerateArray())
        {
            if (item.ValueKind != JsonValueKind.Number)
            {
                throw new PoseFormatException($"{where}: {what}[{i}] must be a number, got {Describe(item.ValueKind)}");
            }

            values[i++] = (float)item.GetDouble();
        }
        return values;
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => kind.ToString(),
    };
}
