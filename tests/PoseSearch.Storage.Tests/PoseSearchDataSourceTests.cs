namespace PoseSearch.Storage.Tests;

/// <summary>The service's pool cap and automatic preparation yield to what the operator wrote into the connection string.</summary>
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

    [Theory]
    [InlineData("Host=h;Username=u", PoseSearchDataSource.DefaultMaxAutoPrepare)]
    [InlineData("Host=h;Max Auto Prepare=0", 0)]
    [InlineData("Host=h;maxautoprepare=5", 5)]
    public void Statements_are_prepared_automatically_unless_the_connection_string_says_otherwise(string connectionString, int expected)
    {
        using var dataSource = PoseSearchDataSource.Create(connectionString);
        Assert.Equal(expected, new Npgsql.NpgsqlConnectionStringBuilder(dataSource.ConnectionString).MaxAutoPrepare);
    }
}
