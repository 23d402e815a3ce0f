using PoseSearch.Core.IO;

namespace PoseSearch.Core.Tests;

internal static class TestPaths
{
    public static string Fixture(string name) => Path.Combine(AppContext.BaseDirectory, "Fixtures", name);

    public static string SharedData(params string[] parts) => Path.Combine(new[] { SharedDataLocator.Locate() }.Concat(parts).ToArray());
}
