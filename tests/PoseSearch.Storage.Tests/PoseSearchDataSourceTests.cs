namespace PoseSearch.Storage.Tests;

/// <summary>The service's pool cap yields to a pool size the operator wrote into the connection string.</summary>
public sealed class PoseSearchDataSourceTests
{
    [Theory]
    [InlineData("Host=h;Username=u", false)]
    [InlineData("Host=h;Maximum Pool Size=7", true)]
    [InlineData("Host=h;maxpoolsize=7", true)]
    [InlineData("Host=h;Max Pool Size=7", true)]
    [InlineData("Host=h;Minimum Pool Size=7", false)]
    public void Recognizes_a_pool_size_in_the_connection_string(string connectionString, bool sets)
        => Assert.Equal(sets, PoseSearchDataSource.SetsMaxPoolSize(connectionString));
}
