using Microsoft.AspNetCore.Http.HttpResults;

namespace PoseSearch.Api.Validation;

/// <summary>
/// Collects the problems of a request, keyed by the JSON path of the offending member
/// (e.g. "poses[2].pose.keypoints[5].x"), so one 400 response names them. Only the first
/// <see cref="MaxListed"/> are listed, then one entry "... and N more": a body with half a
/// million bad keypoints must not turn into a response a thousand times its size.
/// </summary>
public sealed class ValidationErrors
{
    /// <summary>Most problems listed in one response.</summary>
    public const int MaxListed = 20;

    /// <summary>The key of the entry that counts the problems not listed.</summary>
    public const string MoreKey = "...";

    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);
    private int _listed;

    public bool HasErrors => Count > 0;

    /// <summary>Every problem found, listed or not.</summary>
    public int Count { get; private set; }

    /// <summary>True once the list is full: callers may stop looking for more.</summary>
    public bool IsFull => _listed >= MaxListed;

    public void Add(string path, string message)
    {
        Count++;
        if (_listed >= MaxListed)
        {
            return;
        }

        _listed++;
        if (!_errors.TryGetValue(path, out var list))
        {
            _errors[path] = list = [];
        }

        list.Add(message);
    }

    public ValidationProblem ToProblem()
    {
        var errors = _errors.ToDictionary(e => e.Key, e => e.Value.ToArray());
        if (Count > _listed)
        {
            errors[MoreKey] = [$"... and {Count - _listed} more"];
        }

        return TypedResults.ValidationProblem(
            errors,
            title: "The request is invalid",
            detail: $"{Count} problem(s){(Count > _listed ? $", the first {_listed} listed" : "")}; nothing was written.");
    }
}
