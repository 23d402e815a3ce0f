using System.Diagnostics;

namespace PoseSearch.Cli.Evaluation;

/// <summary>
/// Wall and CPU seconds of the evaluation's stages, for the report's timings_seconds: NAME is
/// the wall time, NAME_cpu the process CPU time spent in it (on a busy machine wall time alone
/// says little).
/// </summary>
internal sealed class EvalTimings
{
    private readonly Dictionary<string, double> _seconds = new();

    public T Timed<T>(string name, Func<T> body)
    {
        var watch = Stopwatch.StartNew();
        var cpu = Environment.CpuUsage.TotalTime;
        var result = body();
        Record(name, watch, cpu);
        return result;
    }

    public void Timed(string name, Action body) => Timed(name, () =>
    {
        body();
        return 0;
    });

    public async Task<T> TimedAsync<T>(string name, Func<Task<T>> body)
    {
        var watch = Stopwatch.StartNew();
        var cpu = Environment.CpuUsage.TotalTime;
        var result = await body().ConfigureAwait(false);
        Record(name, watch, cpu);
        return result;
    }

    /// <summary>Adds to a running total (stages timed piece by piece, e.g. each ranking's CPU time).</summary>
    public void Accumulate(string name, double seconds) => _seconds[name] = _seconds.GetValueOrDefault(name) + seconds;

    public void Set(string name, double seconds) => _seconds[name] = seconds;

    public Dictionary<string, double> Snapshot() => new(_seconds);

    private void Record(string name, Stopwatch watch, TimeSpan cpuAtStart)
    {
        _seconds[name] = watch.Elapsed.TotalSeconds;
        _seconds[name + "_cpu"] = (Environment.CpuUsage.TotalTime - cpuAtStart).TotalSeconds;
    }
}
