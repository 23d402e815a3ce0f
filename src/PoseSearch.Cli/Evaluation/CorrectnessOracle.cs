using PoseSearch.Core.Metrics;

namespace PoseSearch.Cli.Evaluation;

/// <summary>
/// NP-MPJPE between the 3D pose behind a query and the 3D pose behind a retrieved item,
/// computed lazily and cached. Only ranked candidates are ever looked at (top 20 of each
/// ranking), and the same (query pose, candidate pose) pair recurs across camera pairs and
/// rankings, since every camera shows the same 3D poses: this replaces the N x N matrix
/// (N^2 / 2 Procrustes fits, 50 M for 10,000 poses) by a few per query.
/// </summary>
internal sealed class CorrectnessOracle
{
    private readonly NormalizedPoseSet _poses;
    private readonly Dictionary<int, float>[] _cache;
    private long _computed;
    private long _lookups;

    /// <param name="poses">The 3D poses behind the rows (Core normalizes them once).</param>
    public CorrectnessOracle(NormalizedPoseSet poses)
    {
        _poses = poses;
        _cache = new Dictionary<int, float>[poses.Count];
        for (var i = 0; i < _cache.Length; i++)
        {
            _cache[i] = new Dictionary<int, float>();
        }
    }

    /// <summary>Procrustes fits actually computed so far.</summary>
    public long Computed => Interlocked.Read(ref _computed);

    /// <summary>Lookups so far (computed + answered from the cache).</summary>
    public long Lookups => Interlocked.Read(ref _lookups);

    public float Get(int queryPose, int candidatePose)
    {
        Interlocked.Increment(ref _lookups);
        var row = _cache[queryPose];
        lock (row)
        {
            if (row.TryGetValue(candidatePose, out var cached))
            {
                return cached;
            }
        }
        // The retrieved pose is aligned onto the query's, as NP-MPJPE(retrieved, query).
        var value = _poses.Distance(candidatePose, queryPose);
        Interlocked.Increment(ref _computed);
        lock (row)
        {
            row[candidatePose] = value;
        }
        return value;
    }

    /// <summary>
    /// Q x depth NP-MPJPE values for ranked lists (row q ranks the candidates of query pose
    /// queryPoses[q]); NaN where the list has no item (-1), which never counts as a match.
    /// </summary>
    public float[] ByRank(IReadOnlyList<int> queryPoses, int[] ranked, int depth, int threads, CancellationToken cancellationToken)
    {
        if (ranked.Length != queryPoses.Count * depth)
        {
            throw new ArgumentException($"{ranked.Length} ranked ids for {queryPoses.Count} queries of depth {depth}");
        }

        var result = new float[ranked.Length];
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, threads), CancellationToken = cancellationToken };
        Parallel.For(0, queryPoses.Count, options, q =>
        {
            for (var r = 0; r < depth; r++)
            {
                var id = ranked[q * depth + r];
                result[q * depth + r] = id < 0 ? float.NaN : Get(queryPoses[q], id);
            }
        });
        return result;
    }
}
