namespace PoseSearch.TestSupport;

/// <summary>Finds the repository (the folder holding PoseSearch.sln) and its model folders.</summary>
public static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    public static string ModelsFolder => Path.Combine(Root, "onnx-models");

    /// <summary>Every onnx-models/&lt;name&gt; folder holding model.onnx and test-vectors.json.</summary>
    public static IReadOnlyList<string> ModelFoldersWithTestVectors() =>
        Directory.Exists(ModelsFolder)
            ? Directory.GetDirectories(ModelsFolder)
                .Where(d => File.Exists(Path.Combine(d, "model.onnx")) && File.Exists(Path.Combine(d, "test-vectors.json")))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];

    /// <summary>Every onnx-models/&lt;name&gt; folder of a temporal model: model.onnx and window-test-vectors.json.</summary>
    public static IReadOnlyList<string> ModelFoldersWithWindowTestVectors() =>
        Directory.Exists(ModelsFolder)
            ? Directory.GetDirectories(ModelsFolder)
                .Where(d => File.Exists(Path.Combine(d, "model.onnx")) && File.Exists(Path.Combine(d, WindowTestVectors.FileName)))
                .Order(StringComparer.Ordinal)
                .ToList()
            : [];

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "PoseSearch.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"PoseSearch.sln not found above {AppContext.BaseDirectory}");
    }
}
