using Microsoft.Extensions.Logging;
using Microsoft.ML.OnnxRuntime;
using PoseSearch.Core.Keypoints;
using PoseSearch.Embedding;
using Xunit.Abstractions;

namespace PoseSearch.Gpu.Tests;

/// <summary>
/// The GPU build of the service (Microsoft.ML.OnnxRuntime.Gpu) where CI runs it: without a GPU. It must
/// load the shipped models, embed exactly as the CPU build does, and, asked for CUDA where CUDA cannot
/// start, run on the CPU with one log line that says so (no stack trace).
/// </summary>
public sealed class GpuRuntimeTests(ITestOutputHelper output)
{
    [Fact]
    public void The_loaded_onnx_runtime_is_the_gpu_package()
    {
        // The CPU package offers only CPUExecutionProvider; the GPU package brings CUDA and TensorRT.
        var providers = OrtEnv.Instance().GetAvailableProviders();
        Assert.Contains("CUDAExecutionProvider", providers);
        Assert.Contains("CPUExecutionProvider", providers);
    }

    [Theory]
    [InlineData("random-tiny")]
    [InlineData("prvipe-v2")]
    public void The_gpu_package_on_the_cpu_provider_embeds_the_test_vectors(string model)
    {
        var folder = ModelVectors.ModelFolder(model);
        var logger = new RecordingLogger();
        using var embedder = PoseEmbedder.Load(new EmbeddingOptions { Path = folder }, logger);

        Assert.Equal(ExecutionProviderKind.Cpu, embedder.ExecutionProvider);
        AssertEmbedsTestVectors(embedder, ModelVectors.Load(folder));
        Assert.DoesNotContain(logger.Entries, e => e.Level >= LogLevel.Warning);
    }

    [Fact]
    public void Cuda_requested_without_cuda_falls_back_to_the_cpu_with_one_line_and_no_stack_trace()
    {
        var folder = ModelVectors.ModelFolder("random-tiny");
        var logger = new RecordingLogger();
        using var embedder = PoseEmbedder.Load(new EmbeddingOptions { Path = folder, ExecutionProvider = ExecutionProviderKind.Cuda }, logger);

        var warnings = logger.Entries.Where(e => e.Level >= LogLevel.Warning).ToList();
        if (embedder.ExecutionProvider == ExecutionProviderKind.Cuda)
        {
            // A machine with a working CUDA 13 stack (none in CI): CUDA runs and nothing is worth a warning.
            Assert.Null(CudaLibraryProbe.FirstMissing());
            Assert.Empty(warnings);
        }
        else
        {
            var warning = Assert.Single(warnings);
            output.WriteLine(warning.Message);
            Assert.Null(warning.Exception);
            Assert.DoesNotContain('\n', warning.Message);
            Assert.StartsWith("Execution provider: CPU (CUDA device 0 was requested but cannot start: ", warning.Message);
            Assert.DoesNotContain("   at ", warning.Message);
            // The reason names the library that is missing (libcuda.so.1 on a machine without an NVIDIA driver).
            if (CudaLibraryProbe.FirstMissing() is { } missing)
            {
                Assert.Contains($"cannot start: {missing} not found;", warning.Message);
            }
        }

        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Information && e.Message.EndsWith($"on {embedder.ExecutionProvider}", StringComparison.Ordinal));
        AssertEmbedsTestVectors(embedder, ModelVectors.Load(folder));
    }

    private static void AssertEmbedsTestVectors(PoseEmbedder embedder, ModelVectors vectors)
    {
        var poses = vectors.Cases
            .Select(c => new ModelPose(c.Keypoints.SelectMany(p => p).Select((v, i) => c.Visibility[i / 2] > 0.5f ? v : 0f).ToArray(), c.Visibility))
            .ToList();
        var batch = embedder.Embed(poses);
        for (var i = 0; i < poses.Count; i++)
        {
            var mean = batch.Mean(i);
            var stddev = batch.Stddev(i);
            for (var d = 0; d < embedder.Dimension; d++)
            {
                Assert.Equal(vectors.Cases[i].Mean[d], mean[d], 1e-4f);
                Assert.Equal(vectors.Cases[i].Stddev[d], stddev[d], 1e-4f);
            }
        }
    }
}
