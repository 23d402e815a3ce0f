namespace PoseSearch.Cli.Operations.Recall;

/// <summary>A ranking's top hits, best first: external ids and their match probabilities.</summary>
internal sealed record RankedHits(IReadOnlyList<string> Ids, IReadOnlyList<float> Probabilities)
{
    public int Count => Ids.Count;
}
