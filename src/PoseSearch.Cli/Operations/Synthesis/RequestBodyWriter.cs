using System.Globalization;
using System.Text;
using PoseSearch.Core.Keypoints;

namespace PoseSearch.Cli.Operations.Synthesis;

/// <summary>
/// JSON bodies of API requests built from synthetic poses, one per line (the load test's wrk
/// script rotates through them). Poses are sent as COCO-17, as a detector would give them:
/// the 13 model joints with confidence 0.9, eyes and ears (which the model does not use) and
/// missing joints as (0, 0) with confidence 0.
/// </summary>
internal static class RequestBodyWriter
{
    /// <summary>COCO-17 index of each model joint (COCO-17 is the model's 13 joints plus eyes and ears after the nose).</summary>
    private static readonly int[] CocoIndexOfModelJoint = [0, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];

    /// <summary>POST /v1/collections/{name}/search: {"pose": ..., "k": k}.</summary>
    public static string SearchBody(SyntheticPoseSet poses, int pose, int k)
    {
        var json = new StringBuilder(1200);
        json.Append("{\"pose\":");
        AppendPose(json, poses.KeypointsOf(pose), poses.VisibilityOf(pose));
        json.Append(CultureInfo.InvariantCulture, $",\"k\":{k}}}");
        return json.ToString();
    }

    /// <summary>
    /// POST /v1/collections/{name}/poses: {"poses": [{"id", "pose", "metadata"}...]}. Every id
    /// starts with "id-" right after its opening quote, so a client can make ids unique per request
    /// by rewriting that prefix.
    /// </summary>
    public static string IngestBody(SyntheticPoseSet poses, int first, int count)
    {
        var json = new StringBuilder(1300 * count);
        json.Append("{\"poses\":[");
        for (var i = first; i < first + count; i++)
        {
            if (i > first)
            {
                json.Append(',');
            }

            var metadata = poses.Metadata(i);
            json.Append(CultureInfo.InvariantCulture, $"{{\"id\":\"id-{i}\",\"pose\":");
            AppendPose(json, poses.KeypointsOf(i), poses.VisibilityOf(i));
            json.Append(CultureInfo.InvariantCulture, $",\"metadata\":{{\"videoId\":\"{metadata.VideoId}\",\"frame\":{metadata.Frame},\"person\":0}}}}");
        }
        json.Append("]}");
        return json.ToString();
    }

    private static void AppendPose(StringBuilder json, ReadOnlySpan<float> coordinates, ReadOnlySpan<float> visibility)
    {
        Span<int> modelJointOfCoco = stackalloc int[17];
        modelJointOfCoco.Fill(-1);
        for (var j = 0; j < ModelJoints.Count; j++)
        {
            modelJointOfCoco[CocoIndexOfModelJoint[j]] = j;
        }

        json.Append("{\"layout\":\"coco17\",\"keypoints\":[");
        for (var c = 0; c < 17; c++)
        {
            if (c > 0)
            {
                json.Append(',');
            }

            var j = modelJointOfCoco[c];
            if (j >= 0 && visibility[j] > 0.5f)
            {
                json.Append(CultureInfo.InvariantCulture, $"{{\"x\":{coordinates[2 * j]:0.##},\"y\":{coordinates[2 * j + 1]:0.##},\"confidence\":0.9}}");
            }
            else
            {
                json.Append("{\"x\":0,\"y\":0,\"confidence\":0}");
            }
        }
        json.Append("]}");
    }
}
