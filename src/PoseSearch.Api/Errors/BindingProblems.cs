using System.Text.Json;
using System.Text.RegularExpressions;

namespace PoseSearch.Api.Errors;

/// <summary>
/// Turns a body that could not be read (BadHttpRequestException, often around a JsonException)
/// into plain words for the client: the field and what it must be ("poses[0].pose.keypoints[1].x:
/// must be a number"), never a .NET type name or a stack.
/// </summary>
public static partial class BindingProblems
{
    /// <summary>The status, a title, a detail and, for JSON problems, the field and its message.</summary>
    public static (int Status, string Title, string Detail, string? Field, string? FieldMessage) Describe(
        BadHttpRequestException exception, Type? requestType = null)
    {
        if (Find<JsonException>(exception) is { } json)
        {
            var field = FieldOf(json.Path) + (json is Validation.BoundedKeypointListConverter.NestedJsonException nested ? nested.Suffix : "");
            var message = IsWrongType(json) && requestType is not null && ExpectedAt(requestType, field) is { } expected
                ? "must be " + expected
                : MessageOf(json);
            var where = json.LineNumber is { } line && json.BytePositionInLine is { } position
                ? $" (line {line + 1}, byte {position + 1})"
                : "";
            return (StatusCodes.Status400BadRequest, "The request body is not valid JSON for this endpoint",
                $"The JSON could not be read at {field}{where}: {message}. Nothing was written.", field, message);
        }

        var (title, detail) = exception.StatusCode switch
        {
            StatusCodes.Status413PayloadTooLarge => ("Request body too large", "The request body is larger than this endpoint accepts (see docs/api.md, request limits)."),
            StatusCodes.Status415UnsupportedMediaType => ("Unsupported content type", "The body must be JSON: Content-Type: application/json."),
            StatusCodes.Status408RequestTimeout => ("Request body too slow", "The request body did not arrive in time."),
            _ when exception.Message.StartsWith("Required parameter", StringComparison.Ordinal) =>
                ("The request body is missing", "This endpoint needs a JSON body."),
            _ when Find<IOException>(exception) is not null => ("The request could not be read", "The request body ended early or could not be read."),
            _ => ("The request could not be read", "The request is malformed."),
        };
        return (exception.StatusCode, title, detail, null, null);
    }

    private static bool IsWrongType(JsonException json) =>
        json is Validation.BoundedKeypointListConverter.NestedJsonException { InnerException: JsonException inner }
            ? IsWrongType(inner)
            : json.Message.Contains("could not be converted", StringComparison.Ordinal);

    /// <summary>What the contract expects at <paramref name="field"/> ("poses[0].pose.keypoints[1].x"), walking the request type.</summary>
    public static string? ExpectedAt(Type root, string field)
    {
        var type = root;
        foreach (Match segment in FieldSegments().Matches(field))
        {
            type = Nullable.GetUnderlyingType(type) ?? type;
            if (segment.Groups["index"].Success)
            {
                type = ElementType(type);
            }
            else
            {
                type = type.GetProperties().FirstOrDefault(p => string.Equals(p.Name, segment.Groups["name"].Value, StringComparison.OrdinalIgnoreCase))?.PropertyType;
            }

            if (type is null)
            {
                return null;
            }
        }

        type = Nullable.GetUnderlyingType(type) ?? type;
        return type switch
        {
            _ when type == typeof(double) || type == typeof(float) => "a number",
            _ when type == typeof(int) || type == typeof(long) => "a whole number",
            _ when type == typeof(bool) => "true or false",
            _ when type == typeof(string) => "a string",
            _ when type == typeof(JsonElement) => "a JSON value",
            _ when ElementType(type) is not null => "an array",
            _ => "an object",
        };
    }

    private static Type? ElementType(Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }

        if (type.IsArray)
        {
            return type.GetElementType();
        }

        var enumerable = type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IEnumerable<>)
            ? type
            : type.GetInterfaces().FirstOrDefault(i => i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IEnumerable<>));
        return enumerable?.GetGenericArguments()[0];
    }

    [GeneratedRegex(@"(?<name>[^.\[\]]+)|\[(?<index>\d+)\]")]
    private static partial Regex FieldSegments();

    private static T? Find<T>(Exception? exception)
        where T : Exception
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is T found)
            {
                return found;
            }
        }

        return null;
    }

    /// <summary>"$.poses[0].pose" -> "poses[0].pose"; the root is "body".</summary>
    private static string FieldOf(string? path)
    {
        if (string.IsNullOrEmpty(path) || path == "$")
        {
            return "body";
        }

        var field = path.StartsWith("$.", StringComparison.Ordinal) ? path[2..] : path.TrimStart('$');
        return field.Length == 0 ? "body" : field;
    }

    /// <summary>What is wrong, in plain words, without the path suffix or any .NET type name.</summary>
    public static string MessageOf(JsonException json)
    {
        if (json is Validation.BoundedKeypointListConverter.NestedJsonException)
        {
            return json.Message;
        }

        var message = json.Message;
        if (ConvertedTo().Match(message) is { Success: true } converted)
        {
            return "must be " + Expected(converted.Groups["type"].Value);
        }

        // The reader's own words ("'x' is an invalid start of a value") without the path suffix.
        var cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        if (cut < 0)
        {
            cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        }

        var text = (cut >= 0 ? message[..cut] : message).Trim().TrimEnd('.');
        return text.Length == 0 || text.Contains("System.", StringComparison.Ordinal) || text.Contains("PoseSearch.", StringComparison.Ordinal)
            ? "malformed or of the wrong type"
            : text;
    }

    private static string Expected(string type) => type switch
    {
        _ when type.Contains("Double", StringComparison.Ordinal) || type.Contains("Single", StringComparison.Ordinal) => "a number",
        _ when type.Contains("Int32", StringComparison.Ordinal) || type.Contains("Int64", StringComparison.Ordinal) => "a whole number",
        _ when type.Contains("Boolean", StringComparison.Ordinal) => "true or false",
        _ when type.Contains("String", StringComparison.Ordinal) => "a string",
        _ when type.Contains("List", StringComparison.Ordinal) || type.EndsWith("[]", StringComparison.Ordinal) => "an array",
        _ when type.Contains("JsonElement", StringComparison.Ordinal) => "a JSON value",
        _ => "an object",
    };

    [GeneratedRegex(@"could not be converted to (?<type>\S+?)\.?(\s|$)")]
    private static partial Regex ConvertedTo();
}
