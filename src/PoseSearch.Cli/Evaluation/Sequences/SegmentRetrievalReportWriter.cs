using System.Text;
using PoseSearch.Cli.Common;

namespace PoseSearch.Cli.Evaluation.Sequences;

/// <summary>Writes PREFIX.json and PREFIX.md of the segment retrieval benchmark.</summary>
internal static class SegmentRetrievalReportWriter
{
    public static void WriteAll(SegmentRetrievalReport report, string prefix)
    {
        File.WriteAllText(prefix + ".json", ReportJson.Serialize(report) + "\n");
        File.WriteAllText(prefix + ".md", Render(report));
    }

    public static string Render(SegmentRetrievalReport r)
    {
        var md = new StringBuilder();
        md.AppendLine("# Sequence search: segment retrieval across views");
        md.AppendLine();
        md.AppendLine(FormattableString.Invariant($"Command: `posesearch {string.Join(' ', r.Arguments)}`"));
        md.AppendLine();
        md.AppendLine(FormattableString.Invariant(
            $"{r.Poses:N0} stored poses: {r.Tracks} tracks (clips of {string.Join(", ", r.Datasets.Select(Path.GetFileName))} seen by cameras {string.Join(", ", r.StoredCameras)} of {r.Rig}). {r.Queries} query clips of {r.ClipFrames} frames cut from the stored clips, seen by camera {r.QueryCamera}; k = {r.K} segments. {r.Truth}"));
        if (r.Model is { } model)
        {
            md.AppendLine(FormattableString.Invariant($"Model: {model.Name} ({model.Sha256[..12]})."));
        }

        if (r.TemporalModel is { } temporal)
        {
            md.AppendLine(FormattableString.Invariant(
                $"Temporal windows: {temporal.Name} ({temporal.Sha256[..12]}); the same queries are searched twice, shortlisted through the per-frame index and through the collection's windows (the window centred on each shortlisted query frame), verified alike by subsequence DTW of the per-frame embeddings."));
        }

        md.AppendLine();
        md.AppendLine("| shortlist | Hit@1 (%) | Hit@k (%) | right clip at 1 (%) | median IoU at 1 | same movement at 1 (%) | median NP-MPJPE along the path at 1 | latency p50 (ms) | p95 (ms) | mean (ms) | windows verified (mean) |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        md.AppendLine(FormattableString.Invariant(
            $"| per-frame index | {100 * r.HitAt1:0.0} | {100 * r.HitAtK:0.0} | {100 * r.RightClipAt1:0.0} | {r.MedianIouAt1:0.00} | {100 * r.SameMovementAt1:0.0} | {r.MedianPathNpMpjpeAt1:0.000} | {r.LatencyP50Ms:0.0} | {r.LatencyP95Ms:0.0} | {r.LatencyMeanMs:0.0} | {r.MeanWindowsVerified:0.0} |"));
        if (r.WithWindows is { } w)
        {
            md.AppendLine(FormattableString.Invariant(
                $"| temporal windows | {100 * w.HitAt1:0.0} | {100 * w.HitAtK:0.0} | {100 * w.RightClipAt1:0.0} | {w.MedianIouAt1:0.00} | {100 * w.SameMovementAt1:0.0} | {w.MedianPathNpMpjpeAt1:0.000} | {w.LatencyP50Ms:0.0} | {w.LatencyP95Ms:0.0} | {w.LatencyMeanMs:0.0} | {w.MeanWindowsVerified:0.0} |"));
        }
        md.AppendLine();
        md.AppendLine("Same movement: the top segment's path pairs every query frame with a stored frame whose 3D pose is within kappa = 0.1 on average (mean NP-MPJPE), whichever clip it is from: the single-frame benchmark's criterion, along the path.");
        md.AppendLine();
        md.AppendLine("Latency: one query clip embedded (with windows: its frames and its centred windows), then the whole sequence search (shortlist searches, one window read, DTW of each window), in process against PostgreSQL; no HTTP.");
        md.AppendLine();
        md.AppendLine(string.Join(", ", r.TimingsSeconds.Select(t => FormattableString.Invariant($"{t.Key} {t.Value:0.0} s"))));
        return md.ToString();
    }
}
