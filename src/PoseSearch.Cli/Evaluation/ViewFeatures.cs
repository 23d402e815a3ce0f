namespace PoseSearch.Cli.Evaluation;

/// <summary>
/// Everything the rankings compare for a set of 2D poses (one camera's view, or perturbed
/// queries): the normalized keypoints and, when a model is loaded, the embedding. Rows follow
/// the pose rows they were built from.
/// </summary>
internal sealed class ViewFeatures
{
    public ViewFeatures(PaddedMatrix normalized, bool[] valid, ViewEmbedding? embedding)
    {
        if (valid.Length != normalized.Rows || (embedding is not null && embedding.Count != normalized.Rows))
        {
            throw new ArgumentException("normalized keypoints, validity flags and embeddings disagree on the row count");
        }

        Normalized = normalized;
        NormalizedIndex = new ColumnMajorMatrix(normalized);
        Valid = valid;
        Embedding = embedding;
        ValidCount = valid.Count(v => v);
    }

    public int Count => Valid.Length;

    /// <summary>The 26 normalized coordinates per row (zeros for a rejected row).</summary>
    public PaddedMatrix Normalized { get; }

    /// <summary>The normalized coordinates again, column by column, for scanning as an index.</summary>
    public ColumnMajorMatrix NormalizedIndex { get; }

    /// <summary>False where the pose has too few visible anchor joints: it cannot be queried or indexed.</summary>
    public bool[] Valid { get; }

    public int ValidCount { get; }

    /// <summary>Rows the normalization accepted but the model could not embed (also flagged invalid).</summary>
    public int RefusedByModel { get; init; }

    /// <summary>Null when the evaluation runs without a model (raw 2D ranking only).</summary>
    public ViewEmbedding? Embedding { get; }

    public ViewEmbedding RequireEmbedding() =>
        Embedding ?? throw new InvalidOperationException("this ranking needs embeddings, but no model was loaded");
}
