namespace PoseSearch.Cli.Evaluation;

/// <summary>
/// What the protocol's main pass leaves for the checks after it: every ordered camera pair
/// ranked by every ranking, with the NP-MPJPE of each ranked item to its query.
/// </summary>
/// <param name="Views">Features of the evaluated poses, one entry per camera.</param>
/// <param name="Pairs">The ordered (query camera, index camera) pairs.</param>
/// <param name="Ranked">Ranking id, then pair: Q x Depth ranked index rows (-1 where fewer).</param>
/// <param name="Distances">Ranking id, then pair: Q x Depth NP-MPJPE of each ranked row to its query.</param>
/// <param name="Oracle">NP-MPJPE between the 3D poses behind any two rows (cached).</param>
/// <param name="Kappas">The kappa sweep with the protocol's kappa, ascending.</param>
internal sealed record RankedPairs(
    IReadOnlyList<ViewFeatures> Views,
    IReadOnlyList<(int Query, int Index)> Pairs,
    IReadOnlyDictionary<string, int[][]> Ranked,
    IReadOnlyDictionary<string, float[][]> Distances,
    CorrectnessOracle Oracle,
    float[] Kappas);
