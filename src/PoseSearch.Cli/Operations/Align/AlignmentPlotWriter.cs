using System.Globalization;
using ScottPlot;

namespace PoseSearch.Cli.Operations.Align;

/// <summary>The PNG of `posesearch align`: the frame cost matrix as a heat map, the DTW path drawn over it.</summary>
internal static class AlignmentPlotWriter
{
    public static void Write(AlignmentOutcome outcome, string path)
    {
        int rows = outcome.UsableA, columns = outcome.UsableB;
        var plot = new Plot();
        var values = new double[rows, columns];
        for (var i = 0; i < rows; i++)
        {
            for (var j = 0; j < columns; j++)
            {
                values[i, j] = outcome.CostMatrix[i * columns + j];
            }
        }

        var heatmap = plot.Add.Heatmap(values);
        heatmap.Colormap = new ScottPlot.Colormaps.Viridis();
        heatmap.FlipVertically = true;
        plot.Add.ColorBar(heatmap).Label = $"frame cost ({outcome.Distance})";

        // Flipped, the heat map's row i (frame i of A) sits at y = i, frame 0 at the bottom.
        var line = plot.Add.Scatter(
            outcome.PathIndices.Select(p => (double)p.Reference).ToArray(),
            outcome.PathIndices.Select(p => (double)p.Query).ToArray(),
            Colors.Red);
        line.LineWidth = 2;
        line.MarkerSize = 0;
        plot.Title(string.Create(CultureInfo.InvariantCulture,
            $"{(outcome.Subsequence ? "subsequence" : "full")} DTW: mean cost {outcome.MeanCost:0.000}, mean p {outcome.MeanProbability:0.000}, speed ratio {outcome.SpeedRatio:0.00}"));
        plot.XLabel("sequence B (usable frames)");
        plot.YLabel("sequence A (usable frames)");
        plot.SavePng(path, Math.Clamp(columns * 4 + 250, 600, 1800), Math.Clamp(rows * 4 + 200, 450, 1400));
    }
}
