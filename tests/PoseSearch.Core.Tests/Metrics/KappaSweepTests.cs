using PoseSearch.Core.Metrics;

namespace PoseSearch.Core.Tests.Metrics;

public class KappaSweepTests
{
    [Fact]
    public void Each_kappa_gets_its_own_hit_rates()
    {
        // Two queries, three ranked candidates each (NP-MPJPE of query vs candidate).
        var npMpjpe = new[]
        {
            0.12f, 0.05f, 0.30f,   // query 0: first < 0.1 at rank 1; first < 0.2 at rank 0
            0.25f, 0.15f, float.NaN, // query 1: never < 0.1; first < 0.2 at rank 1; NaN never matches
        };
        var sweep = KappaSweep.Compute(npMpjpe, 3, new[] { 0.1f, 0.2f, 0.3f, 0.05f }, new[] { 1, 2 });
        Assert.Equal(4, sweep.Count);
        Assert.Equal(0.1f, sweep[0].Kappa);
        Assert.Equal(new[] { 0.0, 0.5 }, sweep[0].HitRates.HitRates);   // kappa 0.1: q0 hits at rank 1
        Assert.Equal(new[] { 0.5, 1.0 }, sweep[1].HitRates.HitRates);   // kappa 0.2: q0 rank 0, q1 rank 1
        Assert.Equal(new[] { 1.0, 1.0 }, sweep[2].HitRates.HitRates);   // kappa 0.3: q0 rank 0, q1 rank 0
        Assert.Equal(new[] { 0.0, 0.0 }, sweep[3].HitRates.HitRates);   // kappa 0.05: strict, 0.05 is not < 0.05
    }

    [Fact]
    public void Ks_beyond_the_ranked_length_are_refused()
    {
        Assert.Throws<ArgumentException>(() => KappaSweep.Compute(new float[4], 2, new[] { 0.1f }, new[] { 3 }));
        Assert.Throws<ArgumentException>(() => KappaSweep.Compute(new float[4], 2, Array.Empty<float>(), new[] { 1 }));
    }
}
