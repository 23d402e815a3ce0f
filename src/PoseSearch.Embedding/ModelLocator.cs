namespace PoseSearch.Embedding;

/// <summary>
/// Turns the configured model path into the model.onnx to load. With no path configured it
/// looks for the repository's onnx-models folder, preferring the trained model over the
/// random-weights one, so `dotnet run` works from a checkout without configuration.
/// </summary>
public static class ModelLocator
{
    public const string ModelFileName = "model.onnx";
    public const string ModelsFolderName = "onnx-models";

    /// <summary>Preferred first: the shipped trained model, then the random-weights test model.</summary>
    public static IReadOnlyList<string> DefaultModelNames { get; } = ["prvipe-v2-int8", "prvipe-v2", "prvipe-occlusion-v1", "random-tiny"];

    /// <summary>The shipped temporal model, the default where a command needs one (e.g. `posesearch align --distance temporal`).</summary>
    public static IReadOnlyList<string> DefaultTemporalModelNames { get; } = ["prvipe-temporal-v1"];

    /// <param name="configuredPath">A model folder or an .onnx file; null or empty for the default.</param>
    /// <param name="searchStarts">Folders whose ancestors (themselves included) are searched for onnx-models/.</param>
    /// <param name="defaultNames">The model folders tried, in order, when no path is configured (<see cref="DefaultModelNames"/> unless given).</param>
    public static string Resolve(string? configuredPath, IEnumerable<string> searchStarts, IReadOnlyList<string>? defaultNames = null)
    {
        defaultNames ??= DefaultModelNames;
        if (!string.IsNullOrWhiteSpace(configuredPath))
        {
            var full = Path.GetFullPath(configuredPath);
            if (File.Exists(full))
            {
                return full;
            }

            var inFolder = Path.Combine(full, ModelFileName);
            if (File.Exists(inFolder))
            {
                return inFolder;
            }

            throw new FileNotFoundException(
                $"The configured model path '{configuredPath}' is neither an .onnx file nor a folder holding {ModelFileName} " +
                "(set PoseSearch:Model:Path, environment variable PoseSearch__Model__Path).", full);
        }

        var searched = new List<string>();
        foreach (var start in searchStarts.Distinct())
        {
            for (var dir = new DirectoryInfo(Path.GetFullPath(start)); dir is not null; dir = dir.Parent)
            {
                var models = Path.Combine(dir.FullName, ModelsFolderName);
                searched.Add(models);
                foreach (var name in defaultNames)
                {
                    var candidate = Path.Combine(models, name, ModelFileName);
                    if (File.Exists(candidate))
                    {
                        return candidate;
                    }
                }
            }
        }

        throw new FileNotFoundException(
            $"No model configured and none of {string.Join(", ", defaultNames.Select(n => $"{ModelsFolderName}/{n}/{ModelFileName}"))} " +
            $"found (searched {string.Join(", ", searched.Distinct())}). Set PoseSearch:Model:Path " +
            "(environment variable PoseSearch__Model__Path) to a model folder.");
    }

    /// <summary>The usual search starts: the working directory and the application folder.</summary>
    public static IEnumerable<string> DefaultSearchStarts() => [Directory.GetCurrentDirectory(), AppContext.BaseDirectory];
}
