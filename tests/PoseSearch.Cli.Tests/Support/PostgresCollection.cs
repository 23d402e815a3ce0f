using PoseSearch.TestSupport;

namespace PoseSearch.Cli.Tests.Support;

/// <summary>The database tests of this assembly share one <see cref="PostgresCluster"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresCollection : ICollectionFixture<PostgresCluster>
{
    public const string Name = "postgres";
}
