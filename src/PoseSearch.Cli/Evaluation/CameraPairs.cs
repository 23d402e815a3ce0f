namespace PoseSearch.Cli.Evaluation;

/// <summary>The protocol's camera pairs: every ordered (query camera i, index camera j), i != j.</summary>
internal static class CameraPairs
{
    public static IReadOnlyList<(int Query, int Index)> Ordered(int cameras)
    {
        var pairs = new List<(int, int)>(cameras * (cameras - 1));
        for (var i = 0; i < cameras; i++)
        {
            for (var j = 0; j < cameras; j++)
            {
                if (i != j)
                {
                    pairs.Add((i, j));
                }
            }
        }

        return pairs;
    }
}
