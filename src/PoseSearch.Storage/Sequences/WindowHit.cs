namespace PoseSearch.Storage.Sequences;

/// <summary>A stored window near a query window: its track frame and the temporal model's match probability.</summary>
public sealed record WindowHit(string VideoId, int? Person, int Frame, double Probability);
