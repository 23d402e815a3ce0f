using System.Globalization;
using ScottPlot;

namespace PoseSearch.Cli.Evaluation.Reports;

/// <summary>
/// The PNG of Hit@1 by ambiguity decile: one panel per query set (clean; clean and corrupted), one
/// bar per decile (least ambiguous queries first), the set's overall Hit@1 as a dotted line, the
/// rank correlation and AUROC in the title.
/// </summary>
internal static class AmbiguityPlotWriter
{
    public static void Write(EvalReport report, AmbiguityResult ambiguity, string path, int panelWidth = 760, int height = 520)
    {
        var figure = new Multiplot();
        figure.AddPlots(ambiguity.Sets.Count);
        figure.Layout = new ScottPlot.MultiplotLayouts.Columns();
        for (var s = 0; s < ambiguity.Sets.Count; s++)
        {
            var set = ambiguity.Sets[s];
            var plot = figure.GetPlot(s);
            var series = plot.Add.Bars(set.Deciles.Select(d => new Bar
            {
                Position = d.Bin,
                Value = 100 * d.HitAt1,
                FillColor = Colors.SteelBlue,
                Label = (100 * d.HitAt1).ToString("0", CultureInfo.InvariantCulture),
            }).ToArray());
            series.ValueLabelStyle.FontSize = 12;
            var overall = set.Deciles.Sum(d => d.HitAt1 * d.Queries) / set.Deciles.Sum(d => d.Queries);
            plot.Add.HorizontalLine(100 * overall, 1, Colors.Gray, LinePattern.Dotted);
            plot.Axes.Bottom.SetTicks(
                set.Deciles.Select(d => (double)d.Bin).ToArray(),
                set.Deciles.Select(d => d.MeanAmbiguity.ToString("0.00", CultureInfo.InvariantCulture)).ToArray());
            plot.Title(string.Create(CultureInfo.InvariantCulture,
                $"{Path.GetFileNameWithoutExtension(report.Input.Path)}, {set.Name}\nSpearman {Stat(set.SpearmanWithHitAt1)}, miss AUROC {Stat(set.FailureAuroc)}"));
            plot.Axes.Title.Label.FontSize = 13;
            plot.XLabel("ambiguity decile (mean ambiguity of its queries)");
            plot.YLabel("Hit@1 (%)");
            plot.Axes.SetLimitsY(0, 105);
        }
        figure.SavePng(path, panelWidth * ambiguity.Sets.Count, height);
    }

    private static string Stat(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "undefined";
}
