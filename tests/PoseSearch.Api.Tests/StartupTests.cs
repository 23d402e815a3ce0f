using System.Net;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;
using PoseSearch.Api.Health;
using PoseSearch.Api.Tests.Infrastructure;
using PoseSearch.Storage;
using PoseSearch.Storage.Migrations;

namespace PoseSearch.Api.Tests;

/// <summary>Start-up: migrations, the schema/model dimension check, option validation, health.</summary>
[Collection(ServiceTestGroup.Name)]
public sealed class StartupTests(ServiceFixture fixture)
{
    [Fact]
    public async Task Start_up_applied_every_migration_and_sized_the_vector_column_by_the_model()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        var versions = (await connection.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version")).ToList();
        var dimension = fixture.Factory.Services.GetRequiredService<ModelRegistry>().Default.Dimension;
        var expected = MigrationCatalog.For(new SchemaParameters { EmbeddingDim = dimension }).Select(m => m.Version).ToList();
        Assert.Equal(expected, versions);

        await connection.OpenAsync();
        Assert.Equal(dimension, await MigrationRunner.ReadMeanDimensionAsync(connection, null));

        // No graph over all collections (migration 6 replaced it by one per collection).
        Assert.Null(await connection.ExecuteScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE indexname = 'poses_mean_hnsw'"));
    }

    [Fact]
    public async Task Each_collection_gets_an_hnsw_index_of_its_own_that_goes_with_it()
    {
        var name = await fixture.CreateCollectionAsync("own-index");
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        var id = await connection.ExecuteScalarAsync<long>("SELECT id FROM collections WHERE name = @name", new { name });
        var indexName = $"poses_mean_hnsw_{id}";
        var indexDefinition = await connection.ExecuteScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE indexname = @indexName", new { indexName });
        Assert.NotNull(indexDefinition);
        Assert.Contains("USING hnsw (mean vector_l2_ops)", indexDefinition);
        Assert.Contains("m='8'", indexDefinition);
        Assert.Contains("ef_construction='64'", indexDefinition);
        Assert.EndsWith($"WHERE (collection_id = {id})", indexDefinition);

        // The search's query can use it (it names the collection's id as a constant). The collection is
        // empty, so on the planner's statistics a sort of nothing may cost less than the graph, depending
        // on what the other tests stored before: sorts and sequential scans are priced out to ask only
        // whether the partial index applies.
        await connection.OpenAsync();
        await using (var transaction = await connection.BeginTransactionAsync())
        {
            await connection.ExecuteAsync("SET LOCAL enable_seqscan = off; SET LOCAL enable_sort = off", transaction: transaction);
            var plan = string.Join('\n', await connection.QueryAsync<string>(
                $"EXPLAIN SELECT external_id FROM poses WHERE collection_id = {id} ORDER BY mean <-> (SELECT mean FROM poses LIMIT 1) LIMIT 50",
                transaction: transaction));
            Assert.Contains($"Index Scan using {indexName}", plan);
        }

        Assert.Equal(HttpStatusCode.NoContent, (await fixture.Client.DeleteAsync($"/v1/collections/{name}")).StatusCode);
        Assert.Null(await connection.ExecuteScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE indexname = @indexName", new { indexName }));
    }

    [Fact]
    public async Task Poses_are_vacuumed_after_one_percent_of_the_table_changes()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        var options = await connection.ExecuteScalarAsync<string[]>("SELECT reloptions FROM pg_class WHERE relname = 'poses'");
        Assert.NotNull(options);
        Assert.Contains("autovacuum_vacuum_scale_factor=0.01", options);
        Assert.Contains("autovacuum_vacuum_threshold=1000", options);
    }

    [Fact]
    public async Task Poses_are_vacuumed_without_a_cost_delay_and_after_inserts_too()
    {
        await using var connection = new NpgsqlConnection(fixture.ConnectionString);
        var options = await connection.ExecuteScalarAsync<string[]>("SELECT reloptions FROM pg_class WHERE relname = 'poses'");
        Assert.NotNull(options);
        Assert.Contains("autovacuum_vacuum_cost_delay=0", options);
        Assert.Contains("autovacuum_vacuum_insert_scale_factor=0.01", options);
        Assert.Contains("autovacuum_vacuum_insert_threshold=1000", options);
        Assert.Contains("autovacuum_vacuum_scale_factor=0.01", options);   // migration 5's settings stay
    }

    [Fact]
    public async Task Applying_the_migrations_again_changes_nothing()
    {
        var runner = new MigrationRunner(fixture.Factory.Services.GetRequiredService<NpgsqlDataSource>(), NullLogger<MigrationRunner>.Instance);
        var schema = fixture.Factory.Services.GetRequiredService<SchemaParameters>();
        Assert.Empty(await runner.ApplyAsync(schema));
        await runner.VerifyAsync(schema);
    }

    [Fact]
    public async Task The_service_refuses_to_start_on_a_database_built_for_another_embedding_dimension()
    {
        var connectionString = await fixture.Postgres.CreateDatabaseAsync("dimension_mismatch");
        var modelDimension = fixture.Factory.Services.GetRequiredService<ModelRegistry>().Default.Dimension;
        var otherDimension = modelDimension + 3;
        await using (var dataSource = PoseSearchDataSource.Create(connectionString))
        {
            await new MigrationRunner(dataSource, NullLogger<MigrationRunner>.Instance)
                .ApplyAsync(new SchemaParameters { EmbeddingDim = otherDimension });
        }

        await using var factory = new ApiFactory(connectionString, fixture.ModelFolder);
        var error = Assert.ThrowsAny<Exception>(() => factory.CreateClient());
        var mismatch = Assert.IsType<SchemaMismatchException>(Unwrap(error));
        Assert.Contains($"vector({otherDimension})", mismatch.Message);
        Assert.Contains($"embedding_dim {modelDimension}", mismatch.Message);
    }

    [Fact]
    public async Task A_fresh_database_starts_without_warnings()
    {
        // The re-embedding worker once looked for interrupted runs before the migrations had made its table.
        var connectionString = await fixture.Postgres.CreateDatabaseAsync("fresh");
        var logs = new LogCapture();
        await using var factory = new ApiFactory(connectionString, fixture.ModelFolder,
            new Dictionary<string, string?> { ["Serilog:MinimumLevel:Default"] = "Information" })
        {
            ExtraServices = services => services.AddSingleton<Serilog.Core.ILogEventSink>(logs),
        };
        using var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health/ready")).StatusCode);
        await Task.Delay(500); // the worker's first look happens once every hosted service has started

        Assert.Contains(logs.Events, e => e.RenderMessage().Contains("applied now", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Events, e => e.Level >= Serilog.Events.LogEventLevel.Warning);
    }

    [Fact]
    public async Task With_migrations_off_the_service_refuses_an_unmigrated_database()
    {
        var connectionString = await fixture.Postgres.CreateDatabaseAsync("unmigrated");
        await using var factory = new ApiFactory(connectionString, fixture.ModelFolder,
            new Dictionary<string, string?> { ["PoseSearch:Database:ApplyMigrationsAtStartup"] = "false" });
        var error = Assert.IsType<SchemaMismatchException>(Unwrap(Assert.ThrowsAny<Exception>(() => factory.CreateClient())));
        Assert.Contains("lacks migrations 1, 2, 3, 4", error.Message);
    }

    [Theory]
    [InlineData("PoseSearch:ApiKeys:0", null, "No API key configured")]
    [InlineData("PoseSearch:ApiKeys:0", "short", "shorter than 16 characters")]
    [InlineData("PoseSearch:Search:Candidates", "0", "Candidates")]
    [InlineData("PoseSearch:Index:HnswEfConstruction", "10", "at least 2 x HnswM")]
    [InlineData("ConnectionStrings:PoseSearch", "", "ConnectionStrings:PoseSearch is not set")]
    public async Task Invalid_options_stop_the_start_with_a_message_naming_them(string key, string? value, string expected)
    {
        var overrides = new Dictionary<string, string?> { [key] = value };
        await using var factory = new ApiFactory(fixture.ConnectionString, fixture.ModelFolder, overrides);
        var error = Unwrap(Assert.ThrowsAny<Exception>(() => factory.CreateClient()));
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task A_missing_model_stops_the_start_with_the_configuration_key_to_set()
    {
        await using var factory = new ApiFactory(fixture.ConnectionString, Path.Combine(Path.GetTempPath(), "no-such-model-folder"));
        var error = Assert.IsType<FileNotFoundException>(Unwrap(Assert.ThrowsAny<Exception>(() => factory.CreateClient())));
        Assert.Contains("PoseSearch__Model__Path", error.Message);
    }

    [Fact]
    public async Task Liveness_and_readiness_report_healthy_with_database_and_model_checks()
    {
        var live = await fixture.Anonymous.GetAsync("/health/live");
        Assert.Equal(HttpStatusCode.OK, live.StatusCode);

        var ready = await fixture.Anonymous.GetAsync("/health/ready");
        var body = JsonDocument.Parse(await ready.Content.ReadAsStringAsync()).RootElement;
        Assert.Equal(HttpStatusCode.OK, ready.StatusCode);
        Assert.Equal("Healthy", body.GetProperty("status").GetString());
        var checks = body.GetProperty("checks").EnumerateArray().ToDictionary(c => c.GetProperty("name").GetString()!, c => c.GetProperty("status").GetString());
        Assert.Equal("Healthy", checks["database"]);
        Assert.Equal("Healthy", checks["model"]);
    }

    [Fact]
    public async Task The_database_check_is_unhealthy_when_postgres_does_not_answer()
    {
        // A port nobody listens on: the check must report, not throw.
        await using var dataSource = PoseSearchDataSource.Create("Host=127.0.0.1;Port=1;Username=postgres;Timeout=2");
        var check = new DatabaseHealthCheck(dataSource, new SchemaParameters { EmbeddingDim = 16 },
            Microsoft.Extensions.Logging.Abstractions.NullLogger<DatabaseHealthCheck>.Instance);
        var result = await check.CheckHealthAsync(new Microsoft.Extensions.Diagnostics.HealthChecks.HealthCheckContext());
        Assert.Equal(Microsoft.Extensions.Diagnostics.HealthChecks.HealthStatus.Unhealthy, result.Status);
        Assert.Contains("database unreachable", result.Description);
        // The report is public: it must not name the server or its port.
        Assert.DoesNotContain("127.0.0.1", result.Description);
        Assert.DoesNotContain(":1", result.Description);
    }

    [Fact]
    public async Task The_migrate_command_applies_the_schema_and_exits()
    {
        var connectionString = await fixture.Postgres.CreateDatabaseAsync("migrate_command");
        var apiDll = Path.Combine(AppContext.BaseDirectory, "PoseSearch.Api.dll");
        var result = await ProcessRunner.RunAsync("dotnet", [apiDll, "migrate"], environment: new Dictionary<string, string>
        {
            ["ConnectionStrings__PoseSearch"] = connectionString,
            ["PoseSearch__ApiKeys__0"] = ApiFactory.ApiKey,
            ["PoseSearch__Model__Path"] = fixture.ModelFolder,
        });
        var migrations = MigrationCatalog.For(new SchemaParameters { EmbeddingDim = 16 }).Count;
        Assert.Contains($"{migrations} migration(s) applied", result.Output);

        await using var connection = new NpgsqlConnection(connectionString);
        Assert.Equal(migrations, await connection.ExecuteScalarAsync<int>("SELECT count(*) FROM schema_migrations"));
    }

    private static Exception Unwrap(Exception e)
    {
        while (e is AggregateException or System.Reflection.TargetInvocationException or Microsoft.Extensions.Options.OptionsValidationException { InnerException: not null } && e.InnerException is not null)
        {
            e = e.InnerException!;
        }

        return e;
    }
}
