using PoseSearch.Embedding;

namespace PoseSearch.Embedding.Tests;

/// <summary>Which model.onnx the service loads for a configured path, or by default.</summary>
public sealed class ModelLocatorTests : IDisposable
{
    private readonly string _root = Directory.CreateTempSubdirectory("posesearch-locator-").FullName;

    public void Dispose() => Directory.Delete(_root, recursive: true);

    private string AddModel(string name)
    {
        var folder = Path.Combine(_root, "onnx-models", name);
        Directory.CreateDirectory(folder);
        var file = Path.Combine(folder, "model.onnx");
        File.WriteAllText(file, "not a real model");
        return file;
    }

    [Fact]
    public void A_configured_folder_or_file_is_used_as_given()
    {
        var file = AddModel("custom");
        Assert.Equal(file, ModelLocator.Resolve(Path.GetDirectoryName(file), []));
        Assert.Equal(file, ModelLocator.Resolve(file, []));
    }

    [Fact]
    public void Without_configuration_the_trained_model_wins_over_random_tiny_searching_upwards()
    {
        var tiny = AddModel("random-tiny");
        var deep = Directory.CreateDirectory(Path.Combine(_root, "src", "PoseSearch.Api", "bin")).FullName;
        Assert.Equal(tiny, ModelLocator.Resolve(null, [deep]));

        var trained = AddModel("prvipe-occlusion-v1");
        Assert.Equal(trained, ModelLocator.Resolve("", [deep]));
    }

    [Fact]
    public void A_missing_model_names_the_setting_to_change()
    {
        var configured = Assert.Throws<FileNotFoundException>(() => ModelLocator.Resolve(Path.Combine(_root, "nowhere"), []));
        Assert.Contains("PoseSearch__Model__Path", configured.Message);

        var unconfigured = Assert.Throws<FileNotFoundException>(() => ModelLocator.Resolve(null, [_root]));
        Assert.Contains("onnx-models/random-tiny/model.onnx", unconfigured.Message);
        Assert.Contains("PoseSearch__Model__Path", unconfigured.Message);
    }
}
