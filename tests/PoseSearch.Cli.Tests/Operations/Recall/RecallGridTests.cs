using PoseSearch.Cli.Operations.Recall;

namespace PoseSearch.Cli.Tests.Operations.Recall;

public class RecallGridTests
{
    [Fact]
    public void Ef_search_below_the_candidate_count_is_raised_as_the_service_does_and_duplicates_go()
    {
        var settings = new RecallSettings
        {
            Connection = "", Collection = "c", Dataset = "d", Out = "o",
            Candidates = [50, 200], EfSearch = [40, 100], DefaultCandidates = 100, DefaultEfSearch = 100,
        };
        // (50, 40) -> ef 50; (50, 100); (200, 40) and (200, 100) -> both (200, 200); default (100, 100).
        Assert.Equal([(50, 50), (50, 100), (100, 100), (200, 200)], RecallRunner.Grid(settings));
    }
}
