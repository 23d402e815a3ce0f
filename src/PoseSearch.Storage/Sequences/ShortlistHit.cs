namespace PoseSearch.Storage.Sequences;

/// <summary>
/// A stored track frame near a shortlisted query frame, found by its pose (the per-frame index) or by
/// the window centred on it (the temporal windows), with that model's match probability.
/// </summary>
public sealed record ShortlistHit(string VideoId, int? Person, int Frame, double Probability);
