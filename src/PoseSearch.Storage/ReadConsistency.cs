namespace PoseSearch.Storage;

/// <summary>
/// Where the reads of the current request go. By default to the read data source (streaming replicas,
/// which may lag the primary by a few milliseconds or more); inside <see cref="ReadYourWrites"/> to the
/// primary, so that a client sees what it has just written. Ambient (AsyncLocal) rather than a parameter:
/// the API sets it once per request from a header, and every store below honours it without each
/// endpoint passing it along.
/// </summary>
public static class ReadConsistency
{
    private static readonly AsyncLocal<bool> FromPrimary = new();

    /// <summary>Whether reads in this async flow must go to the primary.</summary>
    public static bool ReadsFromPrimary => FromPrimary.Value;

    /// <summary>Sends this flow's reads to the primary until the returned scope is disposed.</summary>
    public static IDisposable ReadYourWrites()
    {
        var previous = FromPrimary.Value;
        FromPrimary.Value = true;
        return new Scope(previous);
    }

    private sealed class Scope(bool previous) : IDisposable
    {
        public void Dispose() => FromPrimary.Value = previous;
    }
}
