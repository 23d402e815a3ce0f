using PoseSearch.TestSupport;

namespace PoseSearch.Storage.Tests;

/// <summary>The tests of this assembly share one <see cref="PostgresCluster"/>; each makes a database of its own.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "postgres";
}
