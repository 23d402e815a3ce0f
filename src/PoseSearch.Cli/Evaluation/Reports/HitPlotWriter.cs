using ScottPlot;

namespace PoseSearch.Cli.Evaluation.Reports;

/// <summary>
/// The PNG of Hit@k against kappa: one colour per ranking, one line pattern per k (solid
/// Hit@1, dashed Hit@10, dotted Hit@20). Rendered headless by ScottPlot on SkiaSharp.
/// </summary>
internal static class HitPlotWriter
{
    private static readonly LinePattern[] Patterns = [LinePattern.Solid, LinePattern.Dashed, LinePattern.Dotted];

    public static void Write(EvalReport report, string path, int width = 1000, int height = 650)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        for (var r = 0; r < report.Rankings.Count; r++)
        {
            var ranking = report.Rankings[r];
            var kappas = ranking.Sweep.Select(p => p.Kappa).ToArray();
            for (var k = 0; k < EvalSettings.Ks.Count; k++)
            {
                var values = ranking.Sweep.Select(p => 100 * p.Hits.ToList()[k]).ToArray();
                var line = plot.Add.Scatter(kappas, values, palette.GetColor(r));
                line.LinePattern = Patterns[k];
                line.LineWidth = 2;
                line.MarkerSize = 5;
                line.LegendText = $"{ranking.Id} Hit@{EvalSettings.Ks[k]}";
            }
        }
        plot.Add.VerticalLine(report.Protocol.Kappa, 1, Colors.Gray, LinePattern.Dotted);
        plot.Title($"Cross-view Hit@k against kappa: {Path.GetFileName(report.Input.Path)} ({report.Input.PosesEvaluated} poses, {report.Protocol.CameraPairs.Count} camera pairs)");
        plot.XLabel("kappa (NP-MPJPE threshold)");
        plot.YLabel("Hit@k (%)");
        plot.Axes.SetLimitsY(0, 100);
        plot.Legend.Alignment = Alignment.LowerRight;
        plot.ShowLegend();
        plot.SavePng(path, width, height);
    }
}
