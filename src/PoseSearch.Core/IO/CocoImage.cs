namespace PoseSearch.Core.IO;

/// <summary>One entry of a COCO annotation file's "images" list.</summary>
public sealed record CocoImage(long Id, string FileName, int Width, int Height);
