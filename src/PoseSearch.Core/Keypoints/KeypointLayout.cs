namespace PoseSearch.Core.Keypoints;

/// <summary>
/// A keypoint layout described as data: its joint names in source order, which joints are
/// left/right mirror images, whether coordinates are normalized to [0, 1] of the image, and
/// where each of the model's 13 joints comes from. Joint names use the model's vocabulary
/// ("left_shoulder", ...), so the model mapping and the left/right pairs follow from the names.
/// </summary>
public sealed class KeypointLayout
{
    private readonly int[] _modelJointSource;

    public KeypointLayout(string name, IReadOnlyList<string> jointNames, bool coordinatesAreNormalized)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(jointNames);
        if (jointNames.Count == 0)
        {
            throw new ArgumentException($"layout {name} has no joints", nameof(jointNames));
        }

        var indexByName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < jointNames.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(jointNames[i]))
            {
                throw new ArgumentException($"layout {name}: joint {i} has an empty name", nameof(jointNames));
            }

            if (!indexByName.TryAdd(jointNames[i], i))
            {
                throw new ArgumentException($"layout {name}: joint name '{jointNames[i]}' appears twice", nameof(jointNames));
            }
        }

        Name = name;
        JointNames = Array.AsReadOnly(jointNames.ToArray());
        CoordinatesAreNormalized = coordinatesAreNormalized;
        LeftRightPairs = Array.AsReadOnly(FindLeftRightPairs(JointNames, indexByName));

        _modelJointSource = new int[ModelJoints.Count];
        for (var j = 0; j < ModelJoints.Count; j++)
        {
            _modelJointSource[j] = indexByName.TryGetValue(ModelJoints.Names[j], out var source) ? source : -1;
        }
    }

    /// <summary>Lower-case identifier used by <see cref="KeypointLayouts.Get"/>, e.g. "coco17".</summary>
    public string Name { get; }

    public IReadOnlyList<string> JointNames { get; }

    public int JointCount => JointNames.Count;

    /// <summary>(left, right) layout indices of joints that mirror each other.</summary>
    public IReadOnlyList<(int Left, int Right)> LeftRightPairs { get; }

    /// <summary>
    /// True when x and y are fractions of the image width and height (MediaPipe); converting
    /// such a pose to pixels needs the image size.
    /// </summary>
    public bool CoordinatesAreNormalized { get; }

    /// <summary>For each of the 13 model joints, its index in this layout, or -1 if the layout lacks it.</summary>
    public IReadOnlyList<int> ModelJointSource => _modelJointSource;

    internal ReadOnlySpan<int> ModelJointSourceSpan => _modelJointSource;

    public int IndexOf(string jointName)
    {
        for (var i = 0; i < JointNames.Count; i++)
        {
            if (JointNames[i] == jointName)
            {
                return i;
            }
        }

        return -1;
    }

    public override string ToString() => $"{Name} ({JointCount} joints)";

    // "left" and "right" are whole '_'-separated tokens ("left_eye_inner", "mouth_left").
    private static (int Left, int Right)[] FindLeftRightPairs(IReadOnlyList<string> names, Dictionary<string, int> indexByName)
    {
        var pairs = new List<(int, int)>();
        for (var i = 0; i < names.Count; i++)
        {
            var tokens = names[i].Split('_');
            var leftToken = Array.IndexOf(tokens, "left");
            if (leftToken < 0)
            {
                continue;
            }

            tokens[leftToken] = "right";
            if (indexByName.TryGetValue(string.Join('_', tokens), out var right))
            {
                pairs.Add((i, right));
            }
        }
        return pairs.ToArray();
    }
}
