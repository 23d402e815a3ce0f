using System.Text.RegularExpressions;

namespace PoseSearch.Api.Validation;

/// <summary>Rules for collection names and pose ids, which appear in URLs.</summary>
public static partial class Names
{
    public const int MaxPoseIdLength = 200;

    [GeneratedRegex("^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")]
    private static partial Regex CollectionNamePattern();

    public static bool IsValidCollectionName(string? name) => name is not null && CollectionNamePattern().IsMatch(name);

    public const string CollectionNameRule =
        "1 to 63 characters: letters, digits, '_', '-', '.', starting with a letter or digit";

    public static string? PoseIdProblem(string? id)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            return "an id is required";
        }

        if (id.Length > MaxPoseIdLength)
        {
            return $"an id has at most {MaxPoseIdLength} characters, got {id.Length}";
        }

        if (id is "." or "..")
        {
            return "an id cannot be '.' or '..': URLs normalize those segments away, so the pose could never be addressed";
        }

        return TextRules.Problem(id, allowLineBreaks: false) is { } problem ? "an id " + problem : null;
    }
}
