using Microsoft.AspNetCore.Http;
using PoseSearch.Api.Errors;

namespace PoseSearch.Api.Tests;

/// <summary>A client that went away ends as 499, not as an error; anything else still propagates.</summary>
public sealed class ClientAbortMiddlewareTests
{
    private static DefaultHttpContext Context(bool aborted)
    {
        var context = new DefaultHttpContext();
        var abort = new CancellationTokenSource();
        if (aborted)
        {
            abort.Cancel();
        }

        context.RequestAborted = abort.Token;
        return context;
    }

    [Theory]
    [InlineData(typeof(OperationCanceledException))]
    [InlineData(typeof(TaskCanceledException))]
    [InlineData(typeof(IOException))]
    public async Task A_cancellation_after_the_client_left_becomes_499(Type exceptionType)
    {
        var context = Context(aborted: true);
        var middleware = new ClientAbortMiddleware(_ => throw (Exception)Activator.CreateInstance(exceptionType)!);
        await middleware.InvokeAsync(context);
        Assert.Equal(StatusCodes.Status499ClientClosedRequest, context.Response.StatusCode);
    }

    [Fact]
    public async Task A_cancellation_while_the_client_is_still_there_propagates()
    {
        var middleware = new ClientAbortMiddleware(_ => throw new OperationCanceledException());
        await Assert.ThrowsAsync<OperationCanceledException>(() => middleware.InvokeAsync(Context(aborted: false)));
    }

    [Fact]
    public async Task Other_errors_propagate_even_after_the_client_left()
    {
        var middleware = new ClientAbortMiddleware(_ => throw new InvalidOperationException("model fault"));
        await Assert.ThrowsAsync<InvalidOperationException>(() => middleware.InvokeAsync(Context(aborted: true)));
    }
}
