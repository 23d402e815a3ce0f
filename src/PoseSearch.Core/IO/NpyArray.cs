namespace PoseSearch.Core.IO;

/// <summary>One array of an .npy/.npz file: name, element type, shape and data (C order).</summary>
public sealed class NpyArray
{
    internal NpyArray(string name, NpyDType dtype, int[] shape, Array data)
    {
        Name = name;
        DType = dtype;
        Shape = shape;
        Data = data;
    }

    public string Name { get; }
    public NpyDType DType { get; }

    /// <summary>The shape; empty for a 0-d (scalar) array.</summary>
    public IReadOnlyList<int> Shape { get; }

    public int Length => Data.Length;

    /// <summary>float[], double[], int[], long[] or string[] depending on <see cref="DType"/>.</summary>
    public Array Data { get; }

    public float[] AsFloat32() => As<float>(NpyDType.Float32);
    public double[] AsFloat64() => As<double>(NpyDType.Float64);
    public int[] AsInt32() => As<int>(NpyDType.Int32);
    public long[] AsInt64() => As<long>(NpyDType.Int64);
    public string[] AsStrings() => As<string>(NpyDType.Unicode);

    /// <summary>The single value of a 0-d or one-element string array.</summary>
    public string AsString() => Length == 1 ? AsStrings()[0] : throw new InvalidDataException($"array '{Name}' holds {Length} values, not one string");

    /// <summary>Any numeric array converted to float32.</summary>
    public float[] ToFloat32() => Data switch
    {
        float[] f => f,
        double[] d => Array.ConvertAll(d, x => (float)x),
        int[] i => Array.ConvertAll(i, x => (float)x),
        long[] l => Array.ConvertAll(l, x => (float)x),
        _ => throw new InvalidDataException($"array '{Name}' is {DType}, not numeric"),
    };

    /// <exception cref="InvalidDataException">The shape differs; the message shows both.</exception>
    public NpyArray RequireShape(params int[] expected)
    {
        var matches = expected.Length == Shape.Count;
        for (var i = 0; matches && i < expected.Length; i++)
        {
            matches = expected[i] < 0 || expected[i] == Shape[i];
        }

        return matches ? this : throw new InvalidDataException(
            $"array '{Name}' has shape ({string.Join(", ", Shape)}), expected ({string.Join(", ", expected.Select(e => e < 0 ? "any" : e.ToString()))})");
    }

    private T[] As<T>(NpyDType expected) => DType == expected
        ? (T[])Data
        : throw new InvalidDataException($"array '{Name}' is {DType}, not {expected}");

    public override string ToString() => $"{Name}: {DType} ({string.Join(", ", Shape)})";
}
