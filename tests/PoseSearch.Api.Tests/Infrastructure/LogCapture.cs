using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace PoseSearch.Api.Tests.Infrastructure;

/// <summary>A Serilog sink that keeps every event; registered as a service, the service's logger picks it up (ReadFrom.Services).</summary>
public sealed class LogCapture : ILogEventSink
{
    public ConcurrentQueue<LogEvent> Events { get; } = new();

    public void Emit(LogEvent logEvent) => Events.Enqueue(logEvent);

    public IEnumerable<string> Rendered => Events.Select(e => $"{e.Level} {e.RenderMessage()} {e.Exception}");
}
