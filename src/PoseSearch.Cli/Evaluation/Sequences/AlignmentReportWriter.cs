using System.Globalization;
using System.Text;
using PoseSearch.Cli.Common;
using ScottPlot;

namespace PoseSearch.Cli.Evaluation.Sequences;

/// <summary>Writes PREFIX.json, PREFIX.md and PREFIX.png (error CDFs) of the alignment benchmark.</summary>
internal static class AlignmentReportWriter
{
    public static void WriteAll(AlignmentReport report, string prefix)
    {
        File.WriteAllText(prefix + ".json", ReportJson.Serialize(report) + "\n");
        File.WriteAllText(prefix + ".md", Render(report));
        WritePlot(report, prefix + ".png");
    }

    public static string Render(AlignmentReport report)
    {
        var p = report.Protocol;
        var md = new StringBuilder();
        md.AppendLine(Invariant($"# Sequence alignment: {Path.GetFileName(report.Input.Path)}{(report.Input.Split is { } s ? $" ({s})" : "")}"));
        md.AppendLine();
        md.AppendLine(Invariant($"Command: `posesearch {string.Join(' ', report.Arguments)}`"));
        md.AppendLine();
        md.AppendLine(Invariant($"{p.Trials} trials: a take of {p.TakeFrames} frames ({p.TakeFrames / report.Input.Fps:0.#} s at {report.Input.Fps:0} fps) seen by camera A; its middle {p.ClipFrames} frames seen by another camera B of rig {Path.GetFileName(report.Input.Rig)} ({report.Input.Subject}), time-warped at a random rate in [{p.MinRate}, {p.MaxRate}] with a slow random tempo drift. {p.Truth}"));
        if (report.Model is { } model)
        {
            md.AppendLine(Invariant($"Model: {model.Name} ({model.Sha256[..12]})."));
        }

        if (report.TemporalModel is { } temporal)
        {
            md.AppendLine(Invariant($"Temporal model (distance temporal: windows centred on each frame, the ends padded by repeating the end frames): {temporal.Name} ({temporal.Sha256[..12]})."));
        }

        md.AppendLine();
        md.AppendLine("| scenario | frame distance | median error (frames) | p95 error | mean | within 1 frame (%) | clips located (%) | median speed error (%) |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|");
        foreach (var row in report.Rows)
        {
            md.AppendLine(Invariant($"| {row.Scenario} | {row.Distance} | {row.MedianFrameError:0.00} | {row.P95FrameError:0.00} | {row.MeanFrameError:0.00} | {100 * row.WithinOneFrame:0.0} | {(row.LocatedRate is { } l ? (100 * l).ToString("0.0", CultureInfo.InvariantCulture) : "-")} | {(row.MedianSpeedError is { } e ? (100 * e).ToString("0.0", CultureInfo.InvariantCulture) : "-")} |"));
        }
        md.AppendLine();
        md.AppendLine("## Time");
        md.AppendLine();
        md.AppendLine(string.Join(", ", report.TimingsSeconds.Select(t => Invariant($"{t.Key} {t.Value:0.0} s"))));
        return md.ToString();
    }

    private static void WritePlot(AlignmentReport report, string path)
    {
        var scenarios = report.Rows.Select(r => r.Scenario).Distinct().ToArray();
        var figure = new Multiplot();
        figure.AddPlots(scenarios.Length);
        figure.Layout = new ScottPlot.MultiplotLayouts.Columns();
        var palette = new ScottPlot.Palettes.Category10();
        for (var s = 0; s < scenarios.Length; s++)
        {
            var plot = figure.GetPlot(s);
            var rows = report.Rows.Where(r => r.Scenario == scenarios[s]).ToArray();
            for (var r = 0; r < rows.Length; r++)
            {
                var line = plot.Add.Scatter(
                    Enumerable.Range(0, rows[r].ErrorCdf.Count).Select(i => i * 0.25).ToArray(),
                    rows[r].ErrorCdf.Select(v => 100 * v).ToArray(),
                    palette.GetColor(r));
                line.LineWidth = 2;
                line.MarkerSize = 0;
                line.LegendText = rows[r].Distance;
            }
            plot.Add.VerticalLine(1, 1, Colors.Gray, LinePattern.Dotted);
            plot.Title(Invariant($"{Path.GetFileNameWithoutExtension(report.Input.Path)}: {scenarios[s]} alignment"));
            plot.XLabel("absolute frame error (frames of camera A)");
            plot.YLabel("warped frames within the error (%)");
            plot.Axes.SetLimits(0, 10, 0, 100);
            plot.Legend.Alignment = Alignment.LowerRight;
            plot.ShowLegend();
        }
        figure.SavePng(path, 700 * scenarios.Length, 500);
    }

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);
}
