namespace PoseSearch.Api.Tests.Infrastructure;

/// <summary>Builds request poses (the API's JSON shape) from the model's 13 joints.</summary>
public static class PoseJson
{
    /// <summary>A model13 pose; missing joints are sent as (0, 0) with confidence 0.</summary>
    public static object Model13(float[] coordinates26, float[] visibility13, float scale = 1f, float dx = 0f, float dy = 0f) => new
    {
        layout = "model13",
        keypoints = Enumerable.Range(0, 13).Select(j => visibility13[j] == 1f
            ? new { x = (double)(coordinates26[2 * j] * scale + dx), y = (double)(coordinates26[2 * j + 1] * scale + dy), confidence = 1.0 }
            : new { x = 0.0, y = 0.0, confidence = 0.0 }).ToArray(),
    };

    public static object FromCase(TestVectorCase c, float scale = 1f, float dx = 0f, float dy = 0f) =>
        Model13(c.FlatKeypoints, c.Visibility, scale, dx, dy);

    /// <summary>A standing person in COCO-17 order (17 joints, pixels).</summary>
    public static object StandingCoco17() => new
    {
        layout = "coco17",
        keypoints = new[]
        {
            (320, 100), (327, 93), (313, 93), (336, 97), (304, 97), (350, 150), (290, 150), (362, 210), (278, 210),
            (366, 265), (274, 265), (340, 270), (300, 270), (342, 350), (298, 350), (344, 430), (296, 430),
        }.Select(p => new { x = (double)p.Item1, y = (double)p.Item2, confidence = 0.9 }).ToArray(),
    };
}
