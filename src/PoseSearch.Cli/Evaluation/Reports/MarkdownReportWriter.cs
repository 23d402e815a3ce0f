using System.Globalization;
using System.Text;

namespace PoseSearch.Cli.Evaluation.Reports;

/// <summary>The eval result as Markdown tables (percentages with one decimal).</summary>
internal static class MarkdownReportWriter
{
    public static string Render(EvalReport report)
    {
        var md = new StringBuilder();
        var input = report.Input;
        var protocol = report.Protocol;
        md.AppendLine(Invariant($"# Cross-view retrieval: {Path.GetFileName(input.Path)}"));
        md.AppendLine();
        md.AppendLine(Invariant($"- input: {input.Kind} `{input.Path}`{(input.Rig is null ? "" : $", rig `{input.Rig}` subject {input.Subject}")}{(input.Split is null ? "" : $", split {input.Split}")}"));
        md.AppendLine(Invariant($"- poses: {input.PosesRead} read, {input.PosesSelected} selected, {input.PosesWithRejectedView} with a rejected view dropped, {input.PosesEvaluated} after removing near-duplicates (NP-MPJPE < {input.DuplicateThreshold}){(input.ViewsRefusedByModel > 0 ? $"; {input.ViewsRefusedByModel} views the model could not embed (misses)" : "")}"));
        md.AppendLine(Invariant($"- cameras: {string.Join(", ", input.Cameras)}; {protocol.CameraPairs.Count} ordered pairs, {protocol.QueriesPerPair} queries per pair against {protocol.IndexSizePerCamera} index poses"));
        if (report.Model is { } model)
        {
            md.AppendLine(Invariant($"- model: {model.Name} ({model.Variant}, D={model.EmbeddingDim}, K={model.NumSamples}, sha256 {model.Sha256[..12]})"));
        }

        md.AppendLine(Invariant($"- correct: {protocol.Correctness}; kappa = {protocol.Kappa}"));
        md.AppendLine();

        md.AppendLine(Invariant($"## Hit@k (%) at kappa {protocol.Kappa} (mean over camera pairs)"));
        md.AppendLine();
        md.AppendLine("| ranking | Hit@1 | Hit@10 | Hit@20 | what |");
        md.AppendLine("|---|---:|---:|---:|---|");
        foreach (var r in report.Rankings)
        {
            md.AppendLine(Invariant($"| {r.Id} | {Pct(r.Hits.HitAt1)} | {Pct(r.Hits.HitAt10)} | {Pct(r.Hits.HitAt20)} | {r.Description} |"));
        }

        md.AppendLine();

        md.AppendLine("## Hit@1 / Hit@10 / Hit@20 (%) against kappa");
        md.AppendLine();
        md.Append("| ranking |");
        foreach (var k in report.Rankings[0].Sweep)
        {
            md.Append(Invariant($" {k.Kappa:0.###} |"));
        }

        md.AppendLine();
        md.Append("|---|");
        foreach (var _ in report.Rankings[0].Sweep)
        {
            md.Append("---:|");
        }

        md.AppendLine();
        foreach (var r in report.Rankings)
        {
            md.Append(Invariant($"| {r.Id} |"));
            foreach (var point in r.Sweep)
            {
                md.Append(Invariant($" {Pct(point.Hits.HitAt1)} / {Pct(point.Hits.HitAt10)} / {Pct(point.Hits.HitAt20)} |"));
            }

            md.AppendLine();
        }
        md.AppendLine();

        if (report.ShortlistCheck is { } check)
        {
            md.AppendLine("## Shortlist against a full match-probability ranking");
            md.AppendLine();
            md.AppendLine(Invariant($"On {check.Queries} sampled queries, the match probability computed on the {check.ShortlistSize} nearest candidates by embedding-mean L2 and over the whole index give the same hit outcome in {check.Agreements} of {check.Comparisons} (query, k, kappa) cases ({Pct(check.AgreementRate)}%); same top-1 in {Pct(check.Top1IdenticalRate)}% of queries; top-20 lists share {check.MeanTop20Overlap:0.0} of 20 on average."));
            md.AppendLine();
            md.AppendLine("| on the sample | Hit@1 | Hit@10 | Hit@20 |");
            md.AppendLine("|---|---:|---:|---:|");
            md.AppendLine(Invariant($"| shortlist ({check.ShortlistSize}) | {Pct(check.ShortlistHits.HitAt1)} | {Pct(check.ShortlistHits.HitAt10)} | {Pct(check.ShortlistHits.HitAt20)} |"));
            md.AppendLine(Invariant($"| full index | {Pct(check.FullHits.HitAt1)} | {Pct(check.FullHits.HitAt10)} | {Pct(check.FullHits.HitAt20)} |"));
            md.AppendLine();
        }

        if (report.Database is { } db)
        {
            md.AppendLine("## Through the database (the service's two-stage search)");
            md.AppendLine();
            md.AppendLine(Invariant($"{db.QueriesPerPair} queries per pair through PostgreSQL ({db.Server}; {db.SearchSettings}); ingest {db.IngestSeconds:0.0} s, {db.MeanSearchMilliseconds:0.0} ms per search. Top-20 lists share {db.MeanTop20Overlap:0.0} of 20 with the in-process {db.InProcessRanking} ranking; same top-1 in {Pct(db.Top1IdenticalRate)}% of queries."));
            md.AppendLine();
            md.AppendLine("| same queries | Hit@1 | Hit@10 | Hit@20 |");
            md.AppendLine("|---|---:|---:|---:|");
            md.AppendLine(Invariant($"| database | {Pct(db.DatabaseHits.HitAt1)} | {Pct(db.DatabaseHits.HitAt10)} | {Pct(db.DatabaseHits.HitAt20)} |"));
            md.AppendLine(Invariant($"| in process ({db.InProcessRanking}) | {Pct(db.InProcessHits.HitAt1)} | {Pct(db.InProcessHits.HitAt10)} | {Pct(db.InProcessHits.HitAt20)} |"));
            md.AppendLine();
        }

        if (report.Robustness is { Rows.Count: > 0 } robustness)
        {
            var ids = robustness.Rows[0].Hits.Keys.ToList();
            md.AppendLine(Invariant($"## Robustness: corrupted queries (Hit@1 / Hit@10 / Hit@20 in % at kappa {protocol.Kappa}, {robustness.QueriesPerPair} queries per pair)"));
            md.AppendLine();
            md.Append("| queries | rejected (%) |");
            foreach (var id in ids)
            {
                md.Append(Invariant($" {id} |"));
            }

            md.AppendLine();
            md.Append("|---|---:|");
            foreach (var _ in ids)
            {
                md.Append("---:|");
            }

            md.AppendLine();
            foreach (var row in robustness.Rows)
            {
                md.Append(Invariant($"| {row.Description} | {Pct(row.RejectedQueryRate)} |"));
                foreach (var id in ids)
                {
                    var h = row.Hits[id];
                    md.Append(Invariant($" {Pct(h.HitAt1)} / {Pct(h.HitAt10)} / {Pct(h.HitAt20)} |"));
                }
                md.AppendLine();
            }
            md.AppendLine();
        }

        if (report.Mirror is { Rows.Count: > 0 } mirror)
        {
            md.AppendLine(Invariant($"## Mirror-aware search (match probability, Hit@1 / Hit@10 / Hit@20 in % at kappa {protocol.Kappa}, {mirror.QueriesPerPair} queries per pair)"));
            md.AppendLine();
            md.AppendLine("Mirrored queries are the 2D poses flipped left/right (sides swapped); their 3D truth is the 3D pose mirrored the same way. Mirror-aware search also ranks the query's mirror image and merges both lists by probability.");
            md.AppendLine();
            md.AppendLine("| queries | search | a hit is within kappa of | Hit@1 | Hit@10 | Hit@20 |");
            md.AppendLine("|---|---|---|---:|---:|---:|");
            foreach (var row in mirror.Rows)
            {
                md.AppendLine(Invariant($"| {row.Queries} | {row.Search} | {row.Truth} | {Pct(row.Hits.HitAt1)} | {Pct(row.Hits.HitAt10)} | {Pct(row.Hits.HitAt20)} |"));
            }

            md.AppendLine();
        }

        if (report.Ambiguity is { } ambiguity)
        {
            md.AppendLine(Invariant($"## Ambiguity against retrieval failure (match probability Hit@1 at kappa {protocol.Kappa})"));
            md.AppendLine();
            md.AppendLine(Invariant($"ambiguity = {ambiguity.Formula}."));
            md.AppendLine();
            foreach (var set in ambiguity.Sets)
            {
                md.AppendLine(Invariant($"**{set.Name}** ({set.Queries:N0}): Spearman rho (ambiguity, Hit@1) = {Stat(set.SpearmanWithHitAt1)}; AUROC of ambiguity predicting a Hit@1 miss = {Stat(set.FailureAuroc)} (0.5 = no information)."));
                md.AppendLine();
                md.AppendLine("| decile | ambiguity range | mean | queries | Hit@1 |");
                md.AppendLine("|---:|---|---:|---:|---:|");
                foreach (var bin in set.Deciles)
                {
                    md.AppendLine(Invariant($"| {bin.Bin} | {bin.MinAmbiguity:0.000} - {bin.MaxAmbiguity:0.000} | {bin.MeanAmbiguity:0.000} | {bin.Queries} | {Pct(bin.HitAt1)} |"));
                }

                md.AppendLine();
            }
        }

        md.AppendLine("## Time");
        md.AppendLine();
        md.AppendLine(string.Join(", ", report.TimingsSeconds.Select(t => Invariant($"{t.Key} {t.Value:0.0} s"))));
        return md.ToString();
    }

    /// <summary>The one line printed on stdout at the end of a run.</summary>
    public static string SummaryLine(EvalReport report)
    {
        var parts = report.Rankings.Select(r => Invariant($"{r.Id} {Pct(r.Hits.HitAt1)}/{Pct(r.Hits.HitAt10)}/{Pct(r.Hits.HitAt20)}"));
        var db = report.Database is { } d ? Invariant($"; db {Pct(d.DatabaseHits.HitAt1)}/{Pct(d.DatabaseHits.HitAt10)}/{Pct(d.DatabaseHits.HitAt20)} vs in-process {Pct(d.InProcessHits.HitAt1)}/{Pct(d.InProcessHits.HitAt10)}/{Pct(d.InProcessHits.HitAt20)} on {d.QueriesPerPair} queries/pair") : "";
        var total = report.TimingsSeconds.TryGetValue("total", out var t) ? Invariant($" in {t:0.0} s") : "";
        return Invariant($"Hit@1/10/20 (%) at kappa {report.Protocol.Kappa}, {report.Input.PosesEvaluated} poses x {report.Input.Cameras.Count} cameras, {report.Protocol.CameraPairs.Count} pairs: {string.Join(", ", parts)}{db}{total}");
    }

    private static string Pct(double fraction) => (100 * fraction).ToString("0.0", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString s) => s.ToString(CultureInfo.InvariantCulture);

    private static string Stat(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "undefined";
}
