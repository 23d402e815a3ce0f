using System.Globalization;
using System.Text.Json;
using PoseSearch.Core.Keypoints;
using PoseSearch.Embedding;

namespace PoseSearch.Embedding.Tests;

/// <summary>The start-up check of a model's inputs, outputs and metadata against docs/model-contract.md.</summary>
public sealed class ModelContractValidatorTests
{
    private const int D = 4;
    private const int K = 3;

    private static Dictionary<string, TensorSignature> Inputs() => new()
    {
        ["keypoints"] = new(typeof(float), [-1, 13, 2]),
        ["visibility"] = new(typeof(float), [-1, 13]),
    };

    private static Dictionary<string, TensorSignature> Outputs() => new()
    {
        ["mean"] = new(typeof(float), [-1, D]),
        ["stddev"] = new(typeof(float), [-1, D]),
    };

    private static Dictionary<string, string> Metadata() => new()
    {
        ["posesearch.format_version"] = "1",
        ["posesearch.keypoints"] = ModelJoints.CommaSeparatedNames,
        ["posesearch.embedding_dim"] = D.ToString(CultureInfo.InvariantCulture),
        ["posesearch.num_samples"] = K.ToString(CultureInfo.InvariantCulture),
        ["posesearch.sigmoid_a"] = "1.25",
        ["posesearch.sigmoid_b"] = "-0.5",
        ["posesearch.smoothing"] = "0.1",
        ["posesearch.kappa"] = "0.1",
        ["posesearch.eps"] = "[[0.1,0.2,0.3,0.4],[1,2,3,4],[-1,-2,-3,-4]]",
        ["posesearch.variant"] = "occlusion",
        ["posesearch.training_data"] = "unit test",
        ["posesearch.license"] = "MIT",
        ["posesearch.metrics"] = """{"hit_at_1": 0.5}""",
        ["posesearch.model_name"] = "unit",
    };

    private static ModelCard Validate(Dictionary<string, TensorSignature>? inputs = null, Dictionary<string, TensorSignature>? outputs = null,
        Dictionary<string, string>? metadata = null) =>
        ModelContractValidator.Validate(inputs ?? Inputs(), outputs ?? Outputs(), metadata ?? Metadata(), "abc123", "/models/unit/model.onnx");

    [Fact]
    public void A_model_that_follows_the_contract_yields_its_card()
    {
        var card = Validate();
        Assert.Equal("unit", card.Name);
        Assert.Equal(D, card.EmbeddingDim);
        Assert.Equal(K, card.NumSamples);
        Assert.Equal(1.25f, card.SigmoidA);
        Assert.Equal(-0.5f, card.SigmoidB);
        Assert.Equal(0.1f, card.Smoothing);
        Assert.Equal([0.1f, 0.2f, 0.3f, 0.4f, 1, 2, 3, 4, -1, -2, -3, -4], card.Eps);
        Assert.Equal(13, card.Keypoints.Count);
        Assert.Equal(0.5, card.Metrics.GetProperty("hit_at_1").GetDouble());
        Assert.Equal("abc123", card.Sha256);
    }

    public static TheoryData<string, Action<Dictionary<string, TensorSignature>, Dictionary<string, TensorSignature>, Dictionary<string, string>>, string> Broken() => new()
    {
        { "missing input", (i, _, _) => i.Remove("visibility"), "missing input 'visibility'" },
        { "extra input", (i, _, _) => i["camera"] = new(typeof(float), [-1, 3]), "unexpected input 'camera'" },
        { "int keypoints", (i, _, _) => i["keypoints"] = new(typeof(int), [-1, 13, 2]), "input 'keypoints' is Int32[N, 13, 2], expected Single[N, 13, 2]" },
        { "17 joints", (i, _, _) => i["keypoints"] = new(typeof(float), [-1, 17, 2]), "input 'keypoints' is Single[N, 17, 2]" },
        { "fixed batch", (i, _, _) => i["visibility"] = new(typeof(float), [1, 13]), "fixed batch dimension 1" },
        { "output width differs from embedding_dim", (_, o, _) => o["mean"] = new(typeof(float), [-1, 8]), "output 'mean' is Single[N, 8], expected Single[N, 4]" },
        { "missing output", (_, o, _) => o.Remove("stddev"), "missing output 'stddev'" },
        { "missing metadata", (_, _, m) => m.Remove("posesearch.license"), "metadata 'posesearch.license' is missing" },
        { "newer format", (_, _, m) => m["posesearch.format_version"] = "2", "posesearch.format_version is 2" },
        { "other joints", (_, _, m) => m["posesearch.keypoints"] = "nose,neck", "posesearch.keypoints is 'nose,neck'" },
        { "non-positive slope", (_, _, m) => m["posesearch.sigmoid_a"] = "0", "posesearch.sigmoid_a must be > 0" },
        { "smoothing of 1", (_, _, m) => m["posesearch.smoothing"] = "1", "posesearch.smoothing must be in [0, 1)" },
        { "eps with K-1 rows", (_, _, m) => m["posesearch.eps"] = "[[1,2,3,4],[1,2,3,4]]", "must be 3 arrays (num_samples) of 4 numbers" },
        { "eps not JSON", (_, _, m) => m["posesearch.eps"] = "[[1,2", "posesearch.eps' is not a JSON array" },
        { "metrics not an object", (_, _, m) => m["posesearch.metrics"] = "[1]", "posesearch.metrics' must be a JSON object" },
        { "unknown variant", (_, _, m) => m["posesearch.variant"] = "temporal", "posesearch.variant is 'temporal'" },
        { "dimension not a number", (_, _, m) => m["posesearch.embedding_dim"] = "sixteen", "posesearch.embedding_dim' is 'sixteen', expected an integer >= 1" },
    };

    [Theory]
    [MemberData(nameof(Broken))]
    public void A_broken_model_is_refused_with_a_message_naming_the_problem(
        string name, Action<Dictionary<string, TensorSignature>, Dictionary<string, TensorSignature>, Dictionary<string, string>> breakIt, string expected)
    {
        var (inputs, outputs, metadata) = (Inputs(), Outputs(), Metadata());
        breakIt(inputs, outputs, metadata);
        var error = Assert.Throws<ModelContractException>(() => Validate(inputs, outputs, metadata));
        Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), $"{name}: '{expected}' not in '{error.Message}'");
        Assert.Contains("/models/unit/model.onnx", error.Message);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        var metadata = Metadata();
        metadata.Remove("posesearch.license");
        metadata["posesearch.sigmoid_a"] = "-1";
        var inputs = Inputs();
        inputs.Remove("keypoints");
        var error = Assert.Throws<ModelContractException>(() => Validate(inputs, null, metadata));
        Assert.Equal(3, error.Problems.Count);
    }

    [Fact]
    public void The_metrics_element_survives_the_metadata_document()
    {
        var card = Validate();
        Assert.Equal(JsonValueKind.Object, card.Metrics.ValueKind);
        Assert.Equal("""{"hit_at_1": 0.5}""", card.Metrics.GetRawText());
    }
    /// <summary>A temporal model of T = 5 (docs/model-contract.md, "Temporal model"): time axis after N, the window in the metadata.</summary>
    private static (Dictionary<string, TensorSignature> Inputs, Dictionary<string, string> Metadata) Temporal(int inputT = 5)
    {
        var inputs = new Dictionary<string, TensorSignature>
        {
            ["keypoints"] = new(typeof(float), [-1, inputT, 13, 2]),
            ["visibility"] = new(typeof(float), [-1, inputT, 13]),
        };
        var metadata = Metadata();
        metadata["posesearch.window"] = "5";
        metadata["posesearch.window_stride"] = "2";
        metadata["posesearch.frame_rate"] = "30.0";
        return (inputs, metadata);
    }

    [Fact]
    public void A_temporal_model_yields_its_window_and_a_single_frame_model_none()
    {
        var (inputs, metadata) = Temporal();
        var card = Validate(inputs, null, metadata);
        Assert.Equal(new TemporalWindow(5, 2, 30.0), card.Window);
        Assert.Equal(2, card.Window!.Centre);
        Assert.Equal("temporal", card.Kind);

        Assert.Null(Validate().Window);
        Assert.Equal("single-frame", Validate().Kind);
    }

    [Fact]
    public void A_temporal_model_with_a_symbolic_time_axis_takes_T_from_its_metadata()
    {
        var (inputs, metadata) = Temporal(inputT: -1);
        Assert.Equal(5, Validate(inputs, null, metadata).Window!.Length);
    }

    public static TheoryData<string, Action<Dictionary<string, TensorSignature>, Dictionary<string, string>>, string> BrokenTemporal() => new()
    {
        { "window disagrees with the inputs", (_, m) => m["posesearch.window"] = "7", "input 'keypoints' is Single[N, 5, 13, 2], expected Single[N, 7, 13, 2]" },
        { "time axis without window metadata", (_, m) => m.Remove("posesearch.window"), "metadata 'posesearch.window' is missing" },
        { "window of one frame", (_, m) => m["posesearch.window"] = "1", "metadata 'posesearch.window' is '1', expected an integer >= 2" },
        { "no stride", (_, m) => m.Remove("posesearch.window_stride"), "metadata 'posesearch.window_stride' is missing" },
        { "zero frame rate", (_, m) => m["posesearch.frame_rate"] = "0", "posesearch.frame_rate must be > 0" },
        { "visibility without the time axis", (i, _) => i["visibility"] = new(typeof(float), [-1, 13]), "input 'visibility' is Single[N, 13], expected Single[N, 5, 13]" },
        { "single-frame inputs with window metadata", (i, _) => i["keypoints"] = new(typeof(float), [-1, 13, 2]), "input 'keypoints' is Single[N, 13, 2], expected Single[N, 5, 13, 2]" },
    };

    [Theory]
    [MemberData(nameof(BrokenTemporal))]
    public void A_broken_temporal_model_is_refused_with_a_message_naming_the_problem(
        string name, Action<Dictionary<string, TensorSignature>, Dictionary<string, string>> breakIt, string expected)
    {
        var (inputs, metadata) = Temporal();
        breakIt(inputs, metadata);
        var error = Assert.Throws<ModelContractException>(() => Validate(inputs, null, metadata));
        Assert.True(error.Message.Contains(expected, StringComparison.Ordinal), $"{name}: '{expected}' not in '{error.Message}'");
    }
}
