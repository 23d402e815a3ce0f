namespace PoseSearch.Core.IO;

/// <summary>
/// Finds the shared data folder: the environment variable POSESEARCH_SHARED_DATA if set, else
/// ../shared/data next to the repository root (the folder holding PoseSearch.sln), searched
/// upwards from a start directory (default: the application's base directory).
/// </summary>
public static class SharedDataLocator
{
    public const string EnvironmentVariable = "POSESEARCH_SHARED_DATA";
    public const string SolutionFileName = "PoseSearch.sln";

    /// <exception cref="DirectoryNotFoundException">Neither the variable nor the repository layout leads to an existing folder.</exception>
    public static string Locate(string? startDirectory = null)
    {
        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return Directory.Exists(fromEnvironment)
                ? Path.GetFullPath(fromEnvironment)
                : throw new DirectoryNotFoundException($"{EnvironmentVariable} points to '{fromEnvironment}', which does not exist");
        }

        var start = startDirectory ?? AppContext.BaseDirectory;
        var root = FindRepositoryRoot(start)
            ?? throw new DirectoryNotFoundException($"no {SolutionFileName} found above '{start}'; set {EnvironmentVariable}");
        var data = Path.GetFullPath(Path.Combine(root, "..", "shared", "data"));
        return Directory.Exists(data)
            ? data
            : throw new DirectoryNotFoundException($"shared data folder '{data}' does not exist; set {EnvironmentVariable}");
    }

    /// <summary>The nearest folder at or above <paramref name="startDirectory"/> that holds PoseSearch.sln, or null.</summary>
    public static string? FindRepositoryRoot(string startDirectory)
    {
        for (var directory = new DirectoryInfo(Path.GetFullPath(startDirectory)); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, SolutionFileName)))
            {
                return directory.FullName;
            }
        }
        return null;
    }
}
