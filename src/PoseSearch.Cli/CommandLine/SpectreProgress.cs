using PoseSearch.Cli.Common;
using Spectre.Console;

namespace PoseSearch.Cli.CommandLine;

/// <summary>Shows each stage as a Spectre.Console progress bar (on stderr, keeping stdout for results).</summary>
internal sealed class SpectreProgress(ProgressContext context) : IProgressReporter
{
    public IProgressStage Start(string description, double total) =>
        new Stage(context.AddTask(Markup.Escape(description), maxValue: Math.Max(total, 1)));

    /// <summary>A console on stderr: progress and notes there, results on stdout.</summary>
    public static IAnsiConsole ErrorConsole(TextWriter error) =>
        AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(error) });

    /// <summary>Runs <paramref name="body"/> under a progress display.</summary>
    public static Task<T> RunAsync<T>(IAnsiConsole console, Func<IProgressReporter, Task<T>> body) =>
        console.Progress()
            .AutoClear(false)
            .HideCompleted(false)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn(), new RemainingTimeColumn())
            .StartAsync(context => body(new SpectreProgress(context)));

    private sealed class Stage(ProgressTask task) : IProgressStage
    {
        public void Advance(double units) => task.Increment(units);

        public void Complete()
        {
            task.Value = task.MaxValue;
            task.StopTask();
        }
    }
}
