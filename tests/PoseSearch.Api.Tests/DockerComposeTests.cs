using PoseSearch.Api.Tests.Infrastructure;

namespace PoseSearch.Api.Tests;

/// <summary>
/// docker-compose.yml cannot run here (no Docker daemon), but Debian's docker-compose validates
/// and resolves it: the services, health checks, volume and the configuration by environment.
/// </summary>
public sealed class DockerComposeTests
{
    private static readonly Dictionary<string, string> Required = new()
    {
        ["POSTGRES_PASSWORD"] = "compose-test-password",
        ["POSESEARCH_API_KEY"] = "compose-test-key-0123456789",
    };

    private static Task<ProcessRunner.Result> ConfigAsync(Dictionary<string, string> environment)
    {
        if (!File.Exists("/usr/bin/docker-compose"))
        {
            throw new InvalidOperationException("docker-compose is missing; run deploy/scripts/install-prereqs.sh (Debian package docker-compose).");
        }

        // Start from a clean slate so that a variable set on the developer's machine cannot hide a missing default.
        var env = new Dictionary<string, string>(environment) { ["POSESEARCH_PORT"] = environment.GetValueOrDefault("POSESEARCH_PORT", "8080") };
        foreach (var name in new[] { "POSTGRES_PASSWORD", "POSESEARCH_API_KEY" }.Where(n => !environment.ContainsKey(n)))
        {
            env[name] = "";
        }

        return ProcessRunner.RunAsync("/usr/bin/docker-compose", ["-f", Path.Combine(RepositoryPaths.Root, "docker-compose.yml"), "config"],
            workingDirectory: RepositoryPaths.Root, environment: env, check: false);
    }

    [Fact]
    public async Task The_compose_file_resolves_to_the_api_and_pgvector_with_health_checks_volume_and_environment()
    {
        var result = await ConfigAsync(Required);
        Assert.True(result.ExitCode == 0, result.Output);
        var config = result.Output;

        Assert.Contains("image: pgvector/pgvector:0.8.0-pg15", config);
        Assert.Contains("dockerfile: deploy/Dockerfile", config);
        Assert.Contains("condition: service_healthy", config);
        Assert.Contains("pg_isready -U posesearch -d posesearch", config);
        Assert.Contains("http://127.0.0.1:8080/health/ready", config);
        Assert.Contains("pgdata:/var/lib/postgresql/data", config);
        Assert.Contains("ConnectionStrings__PoseSearch: Host=db;Port=5432;Database=posesearch;Username=posesearch;Password=compose-test-password", config);
        Assert.Contains("PoseSearch__ApiKeys__0: compose-test-key-0123456789", config);
        Assert.Contains("PoseSearch__Model__Path", config);
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, "deploy", "Dockerfile")));
    }

    [Fact]
    public async Task Settings_come_from_the_environment()
    {
        var result = await ConfigAsync(new Dictionary<string, string>(Required)
        {
            ["POSESEARCH_MODEL_PATH"] = "/app/onnx-models/random-tiny",
            ["POSESEARCH_PORT"] = "9123",
            ["POSESEARCH_SEARCH_CANDIDATES"] = "250",
        });
        Assert.True(result.ExitCode == 0, result.Output);
        Assert.Contains("PoseSearch__Model__Path: /app/onnx-models/random-tiny", result.Output);
        Assert.Contains("published: 9123", result.Output);
        Assert.Contains("PoseSearch__Search__Candidates: '250'", result.Output);
    }

    [Theory]
    [InlineData("POSTGRES_PASSWORD")]
    [InlineData("POSESEARCH_API_KEY")]
    public async Task A_missing_secret_fails_the_configuration_with_its_name(string missing)
    {
        var environment = new Dictionary<string, string>(Required);
        environment.Remove(missing);
        var result = await ConfigAsync(environment);
        Assert.NotEqual(0, result.ExitCode);
        Assert.Contains($"set {missing}", result.Output);
    }
}
