using System.Text.RegularExpressions;
using PoseSearch.Api.Tests.Infrastructure;

namespace PoseSearch.Api.Tests;

/// <summary>
/// docker-compose.yml's profiles, resolved by Debian's docker-compose (no Docker engine here): "gpu" runs
/// the GPU image with an NVIDIA device reservation, "scale" runs two more instances behind haproxy.
/// </summary>
public sealed class DockerComposeProfileTests
{
    private static async Task<string> ConfigAsync(string profile)
    {
        var environment = new Dictionary<string, string>
        {
            ["POSTGRES_PASSWORD"] = "compose-test-password",
            ["POSESEARCH_API_KEY"] = "compose-test-key-0123456789",
        };
        var result = await ProcessRunner.RunAsync("/usr/bin/docker-compose",
            ["-f", Path.Combine(RepositoryPaths.Root, "docker-compose.yml"), "--profile", profile, "config"],
            workingDirectory: RepositoryPaths.Root, environment: environment, check: false);
        Assert.True(result.ExitCode == 0, result.Output);
        return result.Output;
    }

    private static string Service(string config, string name) =>
        ServiceBlock(name).Match(config) is { Success: true } m ? m.Value : throw new Xunit.Sdk.XunitException($"no service {name} in:\n{config}");

    private static Regex ServiceBlock(string name) => new($"(?ms)^  {Regex.Escape(name)}:\\n(    .*?\\n|\\s*\\n)*?(?=^  \\S|\\z)");

    [Fact]
    public async Task The_gpu_profile_builds_the_cuda_image_reserves_a_gpu_and_asks_for_cuda()
    {
        var gpu = Service(await ConfigAsync("gpu"), "api-gpu");
        Assert.Contains("dockerfile: deploy/Dockerfile.gpu", gpu);
        Assert.Contains("driver: nvidia", gpu);
        Assert.Contains("- gpu", gpu);
        Assert.Contains("PoseSearch__Model__ExecutionProvider: Cuda", gpu);
        Assert.Contains("published: 8081", gpu);
        Assert.Contains("ConnectionStrings__PoseSearch: Host=db;", gpu);

        var dockerfile = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "deploy", "Dockerfile.gpu"));
        Assert.Matches(@"ARG CUDA_IMAGE=nvidia/cuda:13\.\d+\.\d+-cudnn-runtime-ubuntu24\.04", dockerfile);
        Assert.Contains("dotnet publish src/PoseSearch.Api/PoseSearch.Api.csproj -c Release -o /app --no-restore -p:UseGpuRuntime=true", dockerfile);
    }

    [Fact]
    public async Task The_scale_profile_puts_two_instances_behind_haproxy_with_readiness_checks()
    {
        var config = await ConfigAsync("scale");
        foreach (var instance in new[] { "api-a", "api-b" })
        {
            var service = Service(config, instance);
            Assert.Contains("dockerfile: deploy/Dockerfile", service);
            Assert.DoesNotContain("published:", service); // reached through the balancer only
        }

        var lb = Service(config, "lb");
        Assert.Contains("image: haproxy:2.6", lb);
        Assert.Contains("published: 8090", lb);
        Assert.Contains("deploy/haproxy/compose.cfg:/usr/local/etc/haproxy/haproxy.cfg:ro", lb);

        var haproxy = await File.ReadAllTextAsync(Path.Combine(RepositoryPaths.Root, "deploy", "haproxy", "compose.cfg"));
        Assert.Contains("option httpchk GET /health/ready", haproxy);
        Assert.Contains("server api-a api-a:8080 check", haproxy);
        Assert.Contains("server api-b api-b:8080 check", haproxy);
    }

    [Fact]
    public async Task A_read_connection_string_reaches_every_instance()
    {
        var environment = new Dictionary<string, string>
        {
            ["POSTGRES_PASSWORD"] = "compose-test-password",
            ["POSESEARCH_API_KEY"] = "compose-test-key-0123456789",
            ["POSESEARCH_READ_CONNECTION_STRING"] = "Host=replica1,replica2;Target Session Attributes=prefer-standby",
        };
        var result = await ProcessRunner.RunAsync("/usr/bin/docker-compose",
            ["-f", Path.Combine(RepositoryPaths.Root, "docker-compose.yml"), "--profile", "scale", "config"],
            workingDirectory: RepositoryPaths.Root, environment: environment, check: false);
        Assert.True(result.ExitCode == 0, result.Output);
        foreach (var instance in new[] { "api", "api-a", "api-b" })
        {
            Assert.Contains("ConnectionStrings__PoseSearchRead: Host=replica1,replica2;Target Session Attributes=prefer-standby", Service(result.Output, instance));
        }
    }
}
