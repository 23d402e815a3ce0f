namespace PoseSearch.Cli.Common;

/// <summary>
/// Keeps the k smallest (score, id) pairs seen so far, sorted ascending. Ties keep the item
/// offered first, so a scan in id order ranks equal scores by id: rankings are deterministic.
/// Insertion sort is right here: k is small (at most a few hundred) and, after the first
/// rows, almost every offered item is rejected by a single comparison with the worst kept one.
/// </summary>
internal sealed class TopKSelector
{
    private readonly float[] _scores;
    private readonly int[] _ids;

    public TopKSelector(int k)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(k);
        _scores = new float[k];
        _ids = new int[k];
    }

    public int Capacity => _scores.Length;

    public int Count { get; private set; }

    /// <summary>The score an item must beat to enter once the selector is full.</summary>
    public float Threshold => Count < Capacity ? float.PositiveInfinity : _scores[Count - 1];

    public void Clear() => Count = 0;

    public void Offer(float score, int id)
    {
        if (float.IsNaN(score))
        {
            throw new ArgumentException($"NaN score offered for id {id}", nameof(score));
        }

        if (Count == Capacity && !(score < _scores[Count - 1]))
        {
            return;
        }

        var position = Count == Capacity ? Count - 1 : Count;
        while (position > 0 && score < _scores[position - 1])
        {
            _scores[position] = _scores[position - 1];
            _ids[position] = _ids[position - 1];
            position--;
        }
        _scores[position] = score;
        _ids[position] = id;
        if (Count < Capacity)
        {
            Count++;
        }
    }

    /// <summary>The kept ids, best first.</summary>
    public ReadOnlySpan<int> Ids => _ids.AsSpan(0, Count);

    /// <summary>The kept scores, ascending.</summary>
    public ReadOnlySpan<float> Scores => _scores.AsSpan(0, Count);
}
