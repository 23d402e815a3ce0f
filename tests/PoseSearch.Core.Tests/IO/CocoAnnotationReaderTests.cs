using System.Text;
using PoseSearch.Core.IO;
using PoseSearch.Core.Keypoints;

namespace PoseSearch.Core.Tests.IO;

public class CocoAnnotationReaderTests
{
    private static readonly string Mini = TestPaths.SharedData("keypoints2d", "coco", "coco-mini_person_keypoints_val2017.json");
    private static readonly string HrNet = TestPaths.SharedData("keypoints2d", "coco", "hrnet-subset_person_keypoints_val2017.json");

    [Fact]
    public void Coco_mini_totals_match_the_data_readme()
    {
        var all = CocoAnnotationReader.Read(Mini, includeCrowd: true);
        Assert.Equal(79, all.Images.Count);
        Assert.Equal(118, all.Annotations.Count);
        Assert.Equal(68, all.Annotations.Count(a => a.NumKeypoints >= 1));
        Assert.Equal(1, all.Annotations.Count(a => a.IsCrowd));

        var people = CocoAnnotationReader.Read(Mini);
        Assert.Equal(117, people.Annotations.Count);
        Assert.Equal(1, people.SkippedCrowdCount);
        Assert.DoesNotContain(people.Annotations, a => a.IsCrowd);
    }

    [Fact]
    public void Hrnet_subset_deduplicates_images_and_keeps_every_annotation()
    {
        var all = CocoAnnotationReader.Read(HrNet, includeCrowd: true);
        Assert.Equal(538, all.Images.Count);
        Assert.Equal(2213, all.Annotations.Count);
        Assert.Equal(1354, all.Annotations.Count(a => a.NumKeypoints >= 1));
        Assert.Equal(49, all.Annotations.Count(a => a.IsCrowd));
    }

    [Fact]
    public void Visibility_follows_the_v_flag_for_every_annotation()
    {
        var file = CocoAnnotationReader.Read(Mini);
        var source = KeypointLayouts.Coco17.ModelJointSource;
        foreach (var person in file.Annotations)
        {
            Assert.Equal(17, person.Keypoints.Count);
            Assert.Equal(person.NumKeypoints, person.LabelledCount);
            var pose = person.ToModelPose();
            for (var j = 0; j < 13; j++)
            {
                var coco = person.Keypoints[source[j]];
                Assert.Equal(coco.Confidence > 0, pose.IsVisible(j));
                if (pose.IsVisible(j))
                {
                    Assert.Equal(coco.X, pose.Coordinates[2 * j]);
                }
            }
        }
    }

    [Fact]
    public void People_of_one_image_stay_separate()
    {
        var file = CocoAnnotationReader.Read(Mini);
        var crowded = file.ByImage.Where(g => g.Value.Count >= 2).ToArray();
        Assert.NotEmpty(crowded);
        foreach (var (imageId, people) in crowded)
        {
            Assert.All(people, p => Assert.Equal(imageId, p.ImageId));
            Assert.Equal(people.Count, people.Select(p => p.Id).Distinct().Count());
            Assert.True(file.ImagesById.ContainsKey(imageId));
        }
        // The first annotation of the file, checked by hand against the JSON: image 397133, nose (433, 94, v=2).
        var first = file.Annotations[0];
        Assert.Equal((200887L, 397133L), (first.Id, first.ImageId));
        Assert.Equal(new Keypoint(433, 94, 2), first.Keypoints[0]);
        Assert.Equal(new Keypoint(0, 0, 0), first.Keypoints[2]);
        Assert.Equal((640, 427), (file.ImagesById[397133].Width, file.ImagesById[397133].Height));
    }

    [Theory]
    [InlineData("{\"images\": [], \"annotations\": [{\"id\": 5, \"image_id\": 1, \"category_id\": 1, \"keypoints\": [1, 2, 2]}]}", "annotation 5: keypoints (17 x [x, y, v]) has 3 values, expected 51")]
    [InlineData("{\"images\": []}", "missing \"annotations\"")]
    [InlineData("{\"images\": [], \"annotations\": [", "is not valid JSON")]
    [InlineData("{\"images\": [{\"id\": 1, \"width\": \"x\", \"height\": 4}], \"annotations\": []}", "image 1: \"width\" must be a number, got a string")]
    public void Malformed_files_name_the_problem(string json, string expected)
    {
        var e = Assert.Throws<PoseFormatException>(() => CocoAnnotationReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json))));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_visibility_flag_outside_0_1_2_is_rejected()
    {
        var keypoints = string.Join(", ", Enumerable.Repeat("10, 20, 2", 16).Append("10, 20, 3"));
        var json = $"{{\"images\": [], \"annotations\": [{{\"id\": 7, \"image_id\": 1, \"category_id\": 1, \"keypoints\": [{keypoints}]}}]}}";
        var e = Assert.Throws<PoseFormatException>(() => CocoAnnotationReader.Read(new MemoryStream(Encoding.UTF8.GetBytes(json))));
        Assert.Contains("keypoint 16 (right_ankle) must be 0, 1 or 2, got 3", e.Message);
    }
}
