using System.IO.Compression;
using System.Text;

namespace PoseSearch.Cli.Tests.Support;

/// <summary>
/// Writes .npz files as numpy's np.savez does (a stored zip of .npy entries, format 1.0), so
/// tests can build datasets, including malformed ones, without Python.
/// </summary>
internal sealed class NpzWriter
{
    private readonly List<(string Name, string Descr, int[] Shape, byte[] Data)> _arrays = [];

    public NpzWriter Float32(string name, float[] values, params int[] shape) =>
        Add(name, "<f4", shape, values.Length, values.SelectMany(BitConverter.GetBytes).ToArray());

    public NpzWriter Int32(string name, int[] values, params int[] shape) =>
        Add(name, "<i4", shape, values.Length, values.SelectMany(BitConverter.GetBytes).ToArray());

    /// <summary>A unicode array (numpy dtype &lt;U n, UTF-32 little-endian, padded with NULs).</summary>
    public NpzWriter Unicode(string name, string[] values, params int[] shape)
    {
        var width = Math.Max(1, values.Select(v => v.Length).DefaultIfEmpty(1).Max());
        var data = new List<byte>();
        foreach (var value in values)
        {
            data.AddRange(new UTF32Encoding(bigEndian: false, byteOrderMark: false).GetBytes(value.PadRight(width, '\0')));
        }

        return Add(name, $"<U{width}", shape, values.Length, data.ToArray());
    }

    private NpzWriter Add(string name, string descr, int[] shape, int count, byte[] data)
    {
        var expected = shape.Aggregate(1, (a, b) => a * b);
        if (expected != count)
        {
            throw new ArgumentException($"{name}: shape ({string.Join(", ", shape)}) holds {expected} values, got {count}");
        }

        _arrays.Add((name, descr, shape, data));
        return this;
    }

    public void Save(string path)
    {
        using var stream = File.Create(path);
        using var zip = new ZipArchive(stream, ZipArchiveMode.Create);
        foreach (var (name, descr, shape, data) in _arrays)
        {
            var entry = zip.CreateEntry(name + ".npy", CompressionLevel.NoCompression);
            using var output = entry.Open();
            var shapeText = shape.Length switch
            {
                0 => "()",
                1 => $"({shape[0]},)",
                _ => $"({string.Join(", ", shape)})",
            };
            var header = $"{{'descr': '{descr}', 'fortran_order': False, 'shape': {shapeText}, }}";
            var total = 10 + header.Length + 1;
            header = header.PadRight(header.Length + (64 - total % 64) % 64) + "\n";
            output.Write([0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', 1, 0]);
            output.Write(BitConverter.GetBytes((ushort)header.Length));
            output.Write(Encoding.ASCII.GetBytes(header));
            output.Write(data);
        }
    }
}
