using PoseSearch.Api.Endpoints;
using PoseSearch.Api.Errors;
using PoseSearch.Api.Health;
using PoseSearch.Api.Routing;
using PoseSearch.Api.Startup;
using Serilog;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSerilog((services, logger) => logger
    .ReadFrom.Configuration(builder.Configuration)
    .ReadFrom.Services(services)
    .Enrich.FromLogContext());
builder.Services.AddPoseSearch(builder.Configuration);

var app = builder.Build();

// `dotnet run --project src/PoseSearch.Api -- migrate`: apply the schema migrations and exit.
if (args.Contains(MigrateCommand.Name, StringComparer.Ordinal))
{
    return await MigrateCommand.RunAsync(app.Services);
}

// First: a "." or ".." segment, even percent-encoded, would otherwise be normalized into another route.
app.UseMiddleware<DotSegmentGuardMiddleware>();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseSerilogRequestLogging();
app.UseMiddleware<ClientAbortMiddleware>();
app.UseSwagger();
app.UseSwaggerUI(o => o.DocumentTitle = "PoseSearch API");

app.MapGet("/", () => Results.Redirect("/swagger")).ExcludeFromDescription();
app.MapPoseSearchHealth();
app.MapGroup("/v1")
    .MapEmbeddingsEndpoints()
    .MapMatchEndpoints()
    .MapCollectionsEndpoints()
    .MapPosesEndpoints()
    .MapSearchEndpoints()
    .MapModelEndpoints();

await app.RunAsync();
return 0;

/// <summary>Entry point type, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
