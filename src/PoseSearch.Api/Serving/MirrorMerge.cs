using PoseSearch.Storage;

namespace PoseSearch.Api.Serving;

/// <summary>
/// Mirror-aware search (<c>"mirror": true</c>): the hits of the pose and of its left/right mirror image
/// merged by probability. A pose found by both keeps the higher probability and says which query
/// found it; ties keep the plain hit and then the id order of a plain search.
/// </summary>
public static class MirrorMerge
{
    public static IReadOnlyList<(SearchHit Hit, bool Mirrored)> Merge(IReadOnlyList<SearchHit> plain, IReadOnlyList<SearchHit> mirrored, int k)
    {
        var best = new Dictionary<string, (SearchHit Hit, bool Mirrored)>(StringComparer.Ordinal);
        foreach (var hit in plain)
        {
            best[hit.ExternalId] = (hit, false);
        }

        foreach (var hit in mirrored)
        {
            if (!best.TryGetValue(hit.ExternalId, out var seen) || hit.Probability > seen.Hit.Probability)
            {
                best[hit.ExternalId] = (hit, true);
            }
        }

        return best.Values
            .OrderByDescending(h => h.Hit.Probability)
            .ThenBy(h => h.Hit.ExternalId, StringComparer.Ordinal)
            .Take(k)
            .ToList();
    }
}
