using System.Globalization;
using ScottPlot;

namespace PoseSearch.Cli.Operations.Recall;

/// <summary>
/// The PNG of recall@k against median search latency: one line per hnsw.ef_search through
/// the candidate counts (each point labelled with C), the service's default setting circled.
/// </summary>
internal static class RecallPlotWriter
{
    public static void Write(RecallReport report, string path, int width = 1000, int height = 650)
    {
        var plot = new Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var groups = report.Points.GroupBy(p => p.EfSearch).OrderBy(g => g.Key).ToList();
        for (var g = 0; g < groups.Count; g++)
        {
            var points = groups[g].OrderBy(p => p.Candidates).ToArray();
            var line = plot.Add.Scatter(points.Select(p => p.Latency.P50Ms).ToArray(), points.Select(p => p.Recall).ToArray(), palette.GetColor(g));
            line.LineWidth = 2;
            line.MarkerSize = 6;
            line.LegendText = $"ef_search {groups[g].Key}";
            foreach (var point in points)
            {
                var label = plot.Add.Text(point.Candidates.ToString(CultureInfo.InvariantCulture), point.Latency.P50Ms, point.Recall);
                label.LabelFontSize = 10;
                label.LabelFontColor = palette.GetColor(g);
            }
        }
        foreach (var point in report.Points.Where(p => p.IsDefault))
        {
            var marker = plot.Add.Marker(point.Latency.P50Ms, point.Recall, MarkerShape.OpenCircle, 18, Colors.Black);
            marker.LegendText = $"default (C {point.Candidates}, ef_search {point.EfSearch})";
        }
        plot.Add.HorizontalLine(0.99, 1, Colors.Gray, LinePattern.Dotted);
        plot.Title($"Recall@{report.K} of the two-stage search vs exact match probability: '{report.Collection}' ({report.CollectionPoses:N0} poses, {report.Queries} queries)");
        plot.XLabel("median latency of the storage search (ms; labels: candidates C)");
        plot.YLabel($"recall@{report.K}");
        plot.Legend.Alignment = Alignment.LowerRight;
        plot.ShowLegend();
        plot.SavePng(path, width, height);
    }
}
