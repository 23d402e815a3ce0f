using PoseSearch.Cli.Operations.Synthesis;

namespace PoseSearch.Cli.Tests.Operations.Synthesis;

public class LoadAverageTests
{
    [Fact]
    public void First_field_of_proc_loadavg()
    {
        Assert.Equal(1.52, LoadAverage.Parse("1.52 0.98 0.40 3/412 12345\n"));
    }

    [Fact]
    public void Garbage_is_refused()
    {
        Assert.Throws<FormatException>(() => LoadAverage.Parse("busy"));
    }
}
