using PoseSearch.Core.Sequences;

namespace PoseSearch.Storage.Sequences;

/// <summary>
/// Embeds windows with a temporal model (Storage runs no model: the caller passes its embedder in):
/// N windows -> N x D means and stddevs, row n for window n.
/// </summary>
public delegate Task<(float[] Means, float[] Stddevs)> EmbedWindows(IReadOnlyList<PoseWindow> windows, CancellationToken cancellationToken);
