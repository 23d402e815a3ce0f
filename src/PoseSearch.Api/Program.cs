using PoseSearch.Api.Endpoints;
using PoseSearch.Api.Errors;
using PoseSearch.Api.Hardening;
using PoseSearch.Api.Health;
using PoseSearch.Api.Observability;
using PoseSearch.Api.Routing;
using PoseSearch.Api.Security;
using PoseSearch.Api.Startup;
using Serilog;
using Serilog.Events;

var builder = WebApplication.CreateBuilder(args);
builder.Services.AddSerilog((services, logger) => logger
    .ReadFrom.Configuration(builder.Configuration)
    .ReadFrom.Services(services)
    .Enrich.FromLogContext());
builder.Services.AddPoseSearch(builder.Configuration);
builder.Services.AddSequenceSearch();
builder.Services.AddWindowBuilding();
builder.WebHost.ConfigureKestrel(o => o.AddServerHeader = false);

var app = builder.Build();

// `dotnet run --project src/PoseSearch.Api -- migrate`: apply the schema migrations and exit.
if (args.Contains(MigrateCommand.Name, StringComparer.Ordinal))
{
    return await MigrateCommand.RunAsync(app.Services);
}

// Outermost, so that it logs the status the client got (a refused body is a 400 at Information,
// not a "500" with a stack trace); server errors at Error, outages and timeouts at Warning.
app.UseSerilogRequestLogging(o => o.GetLevel = (context, _, exception) => exception is not null
    ? LogEventLevel.Error
    : context.Response.StatusCode switch
    {
        // 429 is the client's doing (and a flood of them must not flood the log at Warning).
        StatusCodes.Status503ServiceUnavailable or StatusCodes.Status504GatewayTimeout => LogEventLevel.Warning,
        >= 500 and not StatusCodes.Status499ClientClosedRequest => LogEventLevel.Error,
        _ => LogEventLevel.Information,
    });
app.UseMiddleware<SecurityHeadersMiddleware>();
app.UseMiddleware<RejectionMetricsMiddleware>();
// A "." or ".." segment, even percent-encoded, would otherwise be normalized into another route.
app.UseMiddleware<DotSegmentGuardMiddleware>();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseMiddleware<ClientAbortMiddleware>();
// The web UI (wwwroot: index.html at "/", its modules under /ui); PoseSearch:WebUi:Enabled=false turns it off.
var webUi = app.Configuration.GetValue("PoseSearch:WebUi:Enabled", true);
if (webUi)
{
    app.UseDefaultFiles();
    app.UseStaticFiles();
}

var swagger = HardeningRegistration.SwaggerEnabled(app.Services, app.Environment);
if (swagger)
{
    app.UseSwagger();
    app.UseSwaggerUI(o => o.DocumentTitle = "PoseSearch API");
}

app.UseRouting();
if (HardeningRegistration.CorsEnabled(app.Services))
{
    app.UseCors(HardeningRegistration.CorsPolicy); // off unless PoseSearch:Cors:AllowedOrigins lists origins
}

// After routing (the endpoint is known), before anything reads the body: the key (a write without
// one is 401 whatever its body), then the endpoint's body limit.
app.UseAuthentication();
app.UseAuthorization();
app.UseMiddleware<RequestBodyLimitMiddleware>();
app.UseMiddleware<AuditLogMiddleware>();
app.UseMiddleware<PoseSearch.Api.Replication.ReadYourWritesMiddleware>();
app.UseRateLimiter();
app.UseRequestTimeouts();

if (swagger && !webUi)
{
    app.MapGet("/", () => Results.Redirect("/swagger")).ExcludeFromDescription();
}

app.MapPoseSearchHealth();
if (PoseSearchMetrics.Enabled(app.Configuration))
{
    app.MapPrometheusScrapingEndpoint(PoseSearchMetrics.Path);
}

app.MapGroup("/v1")
    .MapEmbeddingsEndpoints()
    .MapMatchEndpoints()
    .MapCollectionsEndpoints()
    .MapPosesEndpoints()
    .MapSearchEndpoints()
    .MapAlignEndpoints()
    .MapSequenceSearchEndpoints()
    .MapWindowEndpoints()
    .MapModelEndpoints()
    .MapReembedEndpoints();

await app.RunAsync();
return 0;

/// <summary>Entry point type, visible to WebApplicationFactory in the tests.</summary>
public partial class Program;
