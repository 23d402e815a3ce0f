namespace PoseSearch.Api.Validation;

/// <summary>
/// Collects every problem of a request, keyed by the JSON path of the offending member
/// (e.g. "poses[2].pose.keypoints[5].x"), so one 400 response names them all.
/// </summary>
public sealed class ValidationErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool HasErrors => _errors.Count > 0;

    public int Count => _errors.Values.Sum(v => v.Count);

    public void Add(string path, string message)
    {
        if (!_errors.TryGetValue(path, out var list))
        {
            _errors[path] = list = [];
        }

        list.Add(message);
    }

    public IResult ToProblem() => TypedResults.ValidationProblem(
        _errors.ToDictionary(e => e.Key, e => e.Value.ToArray()),
        title: "The request is invalid",
        detail: $"{Count} problem(s); nothing was written.");
}
