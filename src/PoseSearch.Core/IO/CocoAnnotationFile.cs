namespace PoseSearch.Core.IO;

/// <summary>A parsed COCO person-keypoint annotation file.</summary>
public sealed class CocoAnnotationFile
{
    internal CocoAnnotationFile(IReadOnlyList<CocoImage> images, IReadOnlyList<CocoPersonAnnotation> annotations, int skippedCrowd)
    {
        Images = images;
        Annotations = annotations;
        SkippedCrowdCount = skippedCrowd;
        ImagesById = images.ToDictionary(i => i.Id);
        ByImage = annotations.GroupBy(a => a.ImageId)
            .ToDictionary(g => g.Key, g => (IReadOnlyList<CocoPersonAnnotation>)g.ToArray());
    }

    /// <summary>Distinct images (duplicate "images" rows with the same id are kept once).</summary>
    public IReadOnlyList<CocoImage> Images { get; }

    public IReadOnlyDictionary<long, CocoImage> ImagesById { get; }

    /// <summary>Person annotations in file order; each person is its own entry.</summary>
    public IReadOnlyList<CocoPersonAnnotation> Annotations { get; }

    /// <summary>The people of each image id that has any.</summary>
    public IReadOnlyDictionary<long, IReadOnlyList<CocoPersonAnnotation>> ByImage { get; }

    /// <summary>Crowd regions (iscrowd = 1) left out because includeCrowd was false.</summary>
    public int SkippedCrowdCount { get; }
}
