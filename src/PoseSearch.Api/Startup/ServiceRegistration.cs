using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Microsoft.OpenApi;
using Npgsql;
using PoseSearch.Api.Errors;
using PoseSearch.Api.Hardening;
using PoseSearch.Api.Maintenance;
using PoseSearch.Api.Health;
using PoseSearch.Api.Observability;
using PoseSearch.Api.OpenApi;
using PoseSearch.Api.Security;
using PoseSearch.Api.Serving;
using PoseSearch.Api.Validation;
using PoseSearch.Embedding;
using PoseSearch.Storage;
using PoseSearch.Storage.Migrations;

namespace PoseSearch.Api.Startup;

public static class ServiceRegistration
{
    /// <summary>Loads the default model (single-frame) and measures what it cost.</summary>
    private static ServedModel LoadServed(EmbeddingOptions options, ILogger<PoseEmbedder> logger)
    {
        var (embedder, cost) = Measured(() => PoseEmbedder.Load(options, logger), logger);
        return Serve(embedder, options, cost);
    }

    /// <summary>Loads an additional model of either kind (a temporal one is held apart by the registry).</summary>
    private static object LoadAdditional(EmbeddingOptions options, ILogger<PoseEmbedder> logger)
    {
        var (model, cost) = Measured(() => EmbeddingModelLoader.LoadAnyKind(options, logger), logger);
        return model switch
        {
            PoseEmbedder frames => Serve(frames, options, cost),
            WindowEmbedder windows => new ServedWindowModel(
                new WindowBatchingEmbedder(windows, options.MaxInferenceBatchSize, maxQueue: 16 * options.MaxInferenceBatchSize), cost),
            _ => throw new InvalidOperationException($"unknown kind of model '{model.Card.Name}'"),
        };
    }

    private static ServedModel Serve(PoseEmbedder embedder, EmbeddingOptions options, ModelLoadCost cost) =>
        new(new MicroBatchingEmbedder(embedder, options.MaxInferenceBatchSize, maxQueue: 16 * options.MaxInferenceBatchSize), cost);

    /// <summary>Loads one model and measures what it cost: time, and the growth of resident memory (loads run one after another at start-up).</summary>
    private static (T Model, ModelLoadCost Cost) Measured<T>(Func<T> load, ILogger logger)
        where T : IEmbeddingModel
    {
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var residentBefore = process.WorkingSet64;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var model = load();
        process.Refresh();
        var cost = new ModelLoadCost(clock.Elapsed.TotalSeconds, Math.Max(0, process.WorkingSet64 - residentBefore));
        logger.LogInformation("Loaded model {Model} ({Kind}, {Sha}) in {Seconds:0.00} s, +{Megabytes:0} MB resident",
            model.Card.Name, model.Card.Kind, model.Card.Sha256[..12], cost.Seconds, cost.ResidentBytes / 1048576.0);
        return (model, cost);
    }

    /// <summary>Options (validated at start-up), the model, the database and the API plumbing.</summary>
    public static IServiceCollection AddPoseSearch(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<PoseSearchOptions>().Bind(configuration.GetSection(PoseSearchOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<EmbeddingOptions>().Bind(configuration.GetSection(EmbeddingOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SearchOptions>().Bind(configuration.GetSection(SearchOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<DatabaseOptions>().Bind(configuration.GetSection(DatabaseOptions.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SchemaParameters>()
            .Bind(configuration.GetSection(SchemaParameters.SectionName))
            .ValidateDataAnnotations()
            .Validate(p => p.HnswEfConstruction >= 2 * p.HnswM, "PoseSearch:Index:HnswEfConstruction must be at least 2 x HnswM")
            .ValidateOnStart();
        services.AddOptions<ConnectionStringCheck>()
            .Configure(c => c.Value = configuration.GetConnectionString(DatabaseOptions.ConnectionStringName))
            .Validate(c => !string.IsNullOrWhiteSpace(c.Value),
                "ConnectionStrings:PoseSearch is not set (environment variable ConnectionStrings__PoseSearch)")
            .ValidateOnStart();

        // The model: one InferenceSession for the whole process, every run through its micro-batching queue
        // (docs/performance.md: one run of 16 poses costs about as much as one of 1). The queue is bounded
        // (16 full runs): beyond it a request gets 503 + Retry-After.
        // Additional models (PoseSearch:Model:AdditionalPaths) get a session and a queue each; a temporal
        // one (windows of frames) serves the temporal distance of POST /v1/align.
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EmbeddingOptions>>().Value;
            var logger = sp.GetRequiredService<ILoggerFactory>().CreateLogger<PoseEmbedder>();
            var defaultModel = LoadServed(options, logger);
            var additional = options.AdditionalPaths.Select(path => LoadAdditional(options.WithPath(path), logger)).ToList();
            return new ModelRegistry(defaultModel, additional.OfType<ServedModel>(), additional.OfType<ServedWindowModel>());
        });
        services.AddSingleton<CollectionModels>();
        services.AddSingleton(sp => new CollectionReembedder(sp.GetRequiredService<NpgsqlDataSource>(), sp.GetRequiredService<SchemaParameters>()));
        services.AddSingleton<PoseSearch.Api.Reembedding.ReembedWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<PoseSearch.Api.Reembedding.ReembedWorker>());

        // The database, with the vector column sized by the model.
        // Writes to the primary, searches and GETs through the read connection string (replicas) when set.
        services.AddSingleton(sp => PoseSearchDataSources.Create(
            sp.GetRequiredService<IOptions<ConnectionStringCheck>>().Value.Value!,
            configuration.GetConnectionString(DatabaseOptions.ReadConnectionStringName),
            sp.GetRequiredService<IOptions<DatabaseOptions>>().Value.EffectiveMaxPoolSize(Environment.ProcessorCount)));
        services.AddSingleton(sp => sp.GetRequiredService<PoseSearchDataSources>().Write);
        services.AddSingleton(sp =>
        {
            var configured = sp.GetRequiredService<IOptions<SchemaParameters>>().Value;
            return new SchemaParameters
            {
                EmbeddingDim = sp.GetRequiredService<ModelRegistry>().Default.Dimension,
                HnswM = configured.HnswM,
                HnswEfConstruction = configured.HnswEfConstruction,
            };
        });
        services.AddSingleton<MigrationRunner>();
        services.AddSingleton(sp => new CollectionStore(sp.GetRequiredService<PoseSearchDataSources>()));
        services.AddSingleton(sp => new PoseStore(sp.GetRequiredService<PoseSearchDataSources>()));
        services.AddSingleton(sp => new TwoStageSearch(sp.GetRequiredService<PoseSearchDataSources>(), sp.GetRequiredService<IOptions<SearchOptions>>().Value));
        services.AddHostedService<DatabaseInitializer>();
        services.AddOptions<IndexMaintenanceSettings>()
            .Bind(configuration.GetSection(IndexMaintenanceSettings.SectionName)).ValidateDataAnnotations().ValidateOnStart();
        services.AddHostedService<IndexMaintenanceService>();

        services.AddSingleton<PoseConverter>();
        services.AddApiKeyAuthentication();
        services.AddPoseSearchHardening(configuration);
        services.AddPoseSearchMetrics();

        services.Configure<JsonOptions>(o =>
        {
            // "NaN" / "Infinity" are read so that validation can name them, instead of a generic JSON error.
            o.SerializerOptions.NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals;
            // A pose's keypoints are read up to the largest layout's count and no further.
            o.SerializerOptions.Converters.Add(new BoundedKeypointListConverter());
        });
        services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        services.AddProblemDetails(o => o.CustomizeProblemDetails = c =>
            c.ProblemDetails.Extensions["traceId"] = c.HttpContext.TraceIdentifier);
        services.AddExceptionHandler<ApiExceptionHandler>();

        services.AddHealthChecks()
            .AddCheck<DatabaseHealthCheck>("database", tags: [HealthEndpoints.ReadyTag])
            .AddCheck<ModelHealthCheck>("model", tags: [HealthEndpoints.ReadyTag]);

        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(o =>
        {
            o.SwaggerDoc("v1", new OpenApiInfo
            {
                Title = "PoseSearch API",
                Version = "v1",
                Description = "View-invariant 2D pose search: embed poses, match them, store them in collections and search by learned match probability.",
            });
            o.AddSecurityDefinition(ApiKeySecurityOperationFilter.SchemeName, new OpenApiSecurityScheme
            {
                Type = SecuritySchemeType.ApiKey,
                In = ParameterLocation.Header,
                Name = ApiKeyValidator.HeaderName,
                Description = "One of the keys configured in PoseSearch:ApiKeys.",
            });
            o.OperationFilter<ApiKeySecurityOperationFilter>();
            o.OperationFilter<ExamplesOperationFilter>();
        });
        return services;
    }

    /// <summary>Holds the connection string so that its absence fails option validation at start-up.</summary>
    public sealed class ConnectionStringCheck
    {
        public string? Value { get; set; }
    }
}
