using PoseSearch.Core.Scoring;

namespace PoseSearch.Core.Tests.Scoring;

public class MatchModelMetadataTests
{
    private static Dictionary<string, string> Metadata() => new()
    {
        ["posesearch.sigmoid_a"] = "1.25",
        ["posesearch.sigmoid_b"] = "-0.5",
        ["posesearch.smoothing"] = "0.1",
        ["posesearch.embedding_dim"] = "2",
        ["posesearch.num_samples"] = "3",
        ["posesearch.eps"] = "[[0.5, -1.0], [1e-1, 2], [0, 0.25]]",
    };

    [Fact]
    public void Reads_the_scoring_parameters_of_the_contract()
    {
        var model = MatchModelMetadata.CreateModel(Metadata());
        Assert.Equal(1.25f, model.A);
        Assert.Equal(-0.5f, model.B);
        Assert.Equal(0.1f, model.Smoothing);
        Assert.Equal(2, model.Dimension);
        Assert.Equal(3, model.SampleCount);
        Assert.Equal(new[] { 0.5f, -1f, 0.1f, 2f, 0f, 0.25f }, model.Eps.ToArray());
    }

    [Theory]
    [InlineData("posesearch.eps", "[[0.5, -1.0], [1e-1, 2]]", "array of posesearch.num_samples = 3 rows")]
    [InlineData("posesearch.eps", "[[0.5, -1.0], [1e-1], [0, 0.25]]", "row 1 must hold posesearch.embedding_dim = 2 numbers")]
    [InlineData("posesearch.eps", "not json", "is not a JSON array")]
    [InlineData("posesearch.sigmoid_a", "abc", "'posesearch.sigmoid_a' is not a finite number")]
    [InlineData("posesearch.sigmoid_a", "-1", "sigmoid slope a must be finite and > 0")]
    [InlineData("posesearch.embedding_dim", "0", "'posesearch.embedding_dim' is not a positive integer")]
    public void Malformed_values_name_the_key(string key, string value, string expected)
    {
        var metadata = Metadata();
        metadata[key] = value;
        var e = Assert.Throws<InvalidDataException>(() => MatchModelMetadata.CreateModel(metadata));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Missing_key_is_named()
    {
        var metadata = Metadata();
        metadata.Remove("posesearch.smoothing");
        Assert.Contains("lacks 'posesearch.smoothing'", Assert.Throws<InvalidDataException>(() => MatchModelMetadata.CreateModel(metadata)).Message);
    }
}
