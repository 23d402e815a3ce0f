using System.Globalization;
using System.Text.Json;

namespace PoseSearch.Api.Validation;

/// <summary>
/// What text may reach PostgreSQL: no NUL (text and jsonb reject it, which was a 500), no other
/// control characters (line breaks and tabs only where free text is expected), no unpaired UTF-16
/// surrogates (they have no UTF-8 form). Free JSON (metadata.extra, filter.extra) is walked whole:
/// every member name and string, and every number must be finite.
/// </summary>
public static class TextRules
{
    /// <summary>Most characters of a free JSON object (metadata.extra, filter.extra), as sent.</summary>
    public const int MaxExtraJsonLength = 4096;

    /// <summary>Why <paramref name="text"/> cannot be stored, or null when it can.</summary>
    public static string? Problem(string? text, bool allowLineBreaks)
    {
        if (text is null)
        {
            return null;
        }

        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c == '\0')
            {
                return $"must not contain NUL characters (\\u0000, at position {i})";
            }

            if (char.IsControl(c) && !(allowLineBreaks && c is '\t' or '\n' or '\r'))
            {
                return $"must not contain control characters (U+{(int)c:X4} at position {i})";
            }

            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(c))
            {
                return $"must be valid Unicode (unpaired surrogate U+{(int)c:X4} at position {i})";
            }
        }

        return null;
    }

    /// <summary>Adds a problem for <paramref name="path"/> when <paramref name="text"/> cannot be stored.</summary>
    public static void Check(string? text, string path, ValidationErrors errors, bool allowLineBreaks = false)
    {
        if (Problem(text, allowLineBreaks) is { } problem)
        {
            errors.Add(path, problem);
        }
    }

    /// <summary>Checks a free JSON object: its size, then every member name, string and number in it.</summary>
    public static void CheckExtra(JsonElement? extra, string path, ValidationErrors errors)
    {
        if (extra is not { } element || element.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            return;
        }

        if (element.ValueKind != JsonValueKind.Object)
        {
            errors.Add(path, $"must be a JSON object, got {element.ValueKind}");
            return;
        }

        var length = element.GetRawText().Length;
        if (length > MaxExtraJsonLength)
        {
            errors.Add(path, $"at most {MaxExtraJsonLength} characters of JSON, got {length}");
            return;
        }

        CheckJson(element, path, errors);
    }

    private const string InvalidEscape = "must be valid Unicode (an unpaired surrogate escape such as \\ud800)";

    /// <summary>
    /// JsonElement refuses to unescape an unpaired surrogate escape ("\ud800") into a string and
    /// throws; here that is the client's mistake, not the server's.
    /// </summary>
    private static bool TryRead(Func<string?> read, out string? value)
    {
        try
        {
            value = read();
            return true;
        }
        catch (InvalidOperationException)
        {
            value = null;
            return false;
        }
    }

    private static void CheckJson(JsonElement element, string path, ValidationErrors errors)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                foreach (var member in element.EnumerateObject())
                {
                    if (!TryRead(() => member.Name, out var name))
                    {
                        errors.Add(path, "a member name " + InvalidEscape);
                        continue;
                    }

                    if (Problem(name, allowLineBreaks: false) is { } nameProblem)
                    {
                        errors.Add(path, "a member name " + nameProblem);
                        continue;
                    }

                    CheckJson(member.Value, $"{path}.{name}", errors);
                }

                break;
            case JsonValueKind.Array:
                var i = 0;
                foreach (var item in element.EnumerateArray())
                {
                    CheckJson(item, $"{path}[{i.ToString(CultureInfo.InvariantCulture)}]", errors);
                    i++;
                }

                break;
            case JsonValueKind.String:
                if (TryRead(element.GetString, out var text))
                {
                    Check(text, path, errors, allowLineBreaks: true);
                }
                else
                {
                    errors.Add(path, InvalidEscape);
                }

                break;
            case JsonValueKind.Number:
                if (!element.TryGetDouble(out var number) || !double.IsFinite(number))
                {
                    errors.Add(path, "must be a finite number");
                }

                break;
        }
    }
}
