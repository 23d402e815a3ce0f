using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using PoseSearch.Api.Replication;
using PoseSearch.Storage;

namespace PoseSearch.Api.Tests;

/// <summary>
/// X-Read-Your-Writes: true and ?consistency=strong send a request's reads to the primary (ReadConsistency);
/// anything else reads from the replicas, and a value outside the documented ones is a 400 ProblemDetails.
/// </summary>
public sealed class ReadYourWritesMiddlewareTests
{
    [Theory]
    [InlineData(null, null, false)]
    [InlineData("true", null, true)]
    [InlineData("TRUE", null, true)]
    [InlineData("false", null, false)]
    [InlineData(null, "strong", true)]
    [InlineData(null, "eventual", false)]
    [InlineData("false", "strong", true)]
    public async Task The_request_reads_from_the_primary_only_when_it_asks_to(string? header, string? consistency, bool fromPrimary)
    {
        var context = Context(header, consistency);
        bool? seen = null;
        await new ReadYourWritesMiddleware(_ =>
        {
            seen = ReadConsistency.ReadsFromPrimary;
            return Task.CompletedTask;
        }).InvokeAsync(context);

        Assert.Equal(fromPrimary, seen);
        Assert.False(ReadConsistency.ReadsFromPrimary); // nothing leaks past the request
    }

    [Theory]
    [InlineData("yes", null)]
    [InlineData("", null)]
    [InlineData(null, "linearizable")]
    public async Task Another_value_is_a_400_problem_and_the_endpoint_does_not_run(string? header, string? consistency)
    {
        var context = Context(header, consistency);
        var ran = false;
        await new ReadYourWritesMiddleware(_ =>
        {
            ran = true;
            return Task.CompletedTask;
        }).InvokeAsync(context);

        Assert.False(ran);
        Assert.Equal(StatusCodes.Status400BadRequest, context.Response.StatusCode);
        Assert.StartsWith("application/problem+json", context.Response.ContentType);
        context.Response.Body.Position = 0;
        var body = await new StreamReader(context.Response.Body).ReadToEndAsync();
        Assert.Contains("X-Read-Your-Writes must be 'true' or 'false'", body);
    }

    private static DefaultHttpContext Context(string? header, string? consistency)
    {
        var context = new DefaultHttpContext
        {
            RequestServices = new ServiceCollection().AddLogging().AddProblemDetails().BuildServiceProvider(),
        };
        context.Response.Body = new MemoryStream();
        if (header is not null)
        {
            context.Request.Headers[ReadYourWritesMiddleware.HeaderName] = header;
        }

        if (consistency is not null)
        {
            context.Request.QueryString = new QueryString("?consistency=" + consistency);
        }

        return context;
    }
}
