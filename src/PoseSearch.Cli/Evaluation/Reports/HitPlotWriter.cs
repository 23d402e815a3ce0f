using ScottPlot;

namespace PoseSearch.Cli.Evaluation.Reports;

/// <summary>
/// The PNG of Hit@k against kappa: three panels (Hit@1, Hit@10, Hit@20), one coloured line per
/// ranking (solid and dashed in turn), the protocol's kappa marked. Rendered headless by ScottPlot on SkiaSharp.
/// </summary>
internal static class HitPlotWriter
{
    public static void Write(EvalReport report, string path, int width = 1500, int height = 560)
    {
        var figure = new Multiplot();
        figure.AddPlots(EvalSettings.Ks.Count);
        figure.Layout = new ScottPlot.MultiplotLayouts.Columns();
        var palette = new ScottPlot.Palettes.Category10();
        for (var k = 0; k < EvalSettings.Ks.Count; k++)
        {
            var plot = figure.GetPlot(k);
            for (var r = 0; r < report.Rankings.Count; r++)
            {
                var ranking = report.Rankings[r];
                var line = plot.Add.Scatter(
                    ranking.Sweep.Select(p => p.Kappa).ToArray(),
                    ranking.Sweep.Select(p => 100 * p.Hits.ToList()[k]).ToArray(),
                    palette.GetColor(r));
                line.LineWidth = 2;
                // Alternate solid and dashed lines so that rankings that coincide stay visible.
                line.LinePattern = r % 2 == 0 ? LinePattern.Solid : LinePattern.Dashed;
                line.MarkerSize = 5;
                line.LegendText = ranking.Id;
            }
            plot.Add.VerticalLine(report.Protocol.Kappa, 1, Colors.Gray, LinePattern.Dotted);
            plot.Title($"{Path.GetFileNameWithoutExtension(report.Input.Path)}, {report.Input.PosesEvaluated} poses: Hit@{EvalSettings.Ks[k]}");
            plot.Axes.Title.Label.FontSize = 14;
            plot.XLabel("kappa (NP-MPJPE threshold)");
            plot.YLabel("Hit@k (%)");
            plot.Axes.SetLimitsY(0, 100);
            plot.Legend.Alignment = Alignment.LowerRight;
            plot.ShowLegend();
        }
        figure.SavePng(path, width, height);
    }
}
