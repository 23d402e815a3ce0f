using System.IO.Compression;
using System.Text;
using PoseSearch.Core.IO;

namespace PoseSearch.Core.Tests.IO;

public class NpzArchiveTests
{
    [Theory]
    [InlineData("arrays.npz")]
    [InlineData("arrays_compressed.npz")]
    public void Reads_the_numpy_written_fixture(string file)
    {
        using var npz = NpzArchive.Open(TestPaths.Fixture(file));
        Assert.Equal(new[] { "poses", "doubles", "ints", "longs", "names", "scalar", "text", "empty" }, npz.Names);

        var poses = npz.Read("poses");
        Assert.Equal(NpyDType.Float32, poses.DType);
        Assert.Equal(new[] { 2, 17, 3 }, poses.Shape);
        // np.arange(102) / 10, C order: element [1, 2, 0] is index 51 + 6 = 57
        Assert.Equal(5.7f, poses.AsFloat32()[57], 6);
        poses.RequireShape(-1, 17, 3);

        Assert.Equal(new[] { 1.5, -2.25, 1e300, -0.0 }, npz.Read("doubles").AsFloat64());
        Assert.Equal(new[] { 1, -2, int.MaxValue }, npz.Read("ints").AsInt32());
        Assert.Equal(new[] { -(1L << 40), 7 }, npz.Read("longs").AsInt64());
        Assert.Equal(new[] { 1, 2 }, npz.Read("longs").Shape);
        Assert.Equal(new[] { "walk", "dance_long", "\u00e9t\u00e9" }, npz.Read("names").AsStrings());

        var scalar = npz.Read("scalar");
        Assert.Empty(scalar.Shape);
        Assert.Equal(29.97f, scalar.AsFloat32().Single());
        Assert.Equal("bandai dataset-1+dataset-2", npz.Read("text").AsString());

        var empty = npz.Read("empty");
        Assert.Equal(new[] { 0, 13, 2 }, empty.Shape);
        Assert.Equal(0, empty.Length);
    }

    [Theory]
    [InlineData("big_endian", "dtype '>f4' (big-endian")]
    [InlineData("fortran", "Fortran order")]
    [InlineData("flags", "dtype '|b1'")]
    public void Unsupported_arrays_are_refused_with_a_reason(string array, string expected)
    {
        using var npz = NpzArchive.Open(TestPaths.Fixture("unsupported.npz"));
        var e = Assert.Throws<InvalidDataException>(() => npz.Read(array));
        Assert.Contains($"'{array}'", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void Missing_array_lists_the_present_ones()
    {
        using var npz = NpzArchive.Open(TestPaths.Fixture("arrays.npz"));
        var e = Assert.Throws<KeyNotFoundException>(() => npz.Read("poses3d"));
        Assert.Contains("no array 'poses3d'", e.Message);
        Assert.Contains("poses, doubles", e.Message);
        Assert.Contains("is Float32, not Int32", Assert.Throws<InvalidDataException>(() => npz.Read("poses").AsInt32()).Message);
        Assert.Contains("expected (any, 13, 2)", Assert.Throws<InvalidDataException>(() => npz.Read("poses").RequireShape(-1, 13, 2)).Message);
    }

    // An .npy v1 file built by hand: magic, version, header length, header padded to 64 bytes, data.
    private static byte[] Npy(string descr, string shape, byte[] data, bool fortran = false, byte major = 1)
    {
        var header = $"{{'descr': '{descr}', 'fortran_order': {(fortran ? "True" : "False")}, 'shape': {shape}, }}";
        var prefix = major == 1 ? 10 : 12;
        header = header.PadRight((prefix + header.Length + 1 + 63) / 64 * 64 - prefix - 1) + "\n";
        var stream = new MemoryStream();
        stream.Write(new byte[] { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y', major, 0 });
        if (major == 1)
        {
            stream.Write(BitConverter.GetBytes((ushort)header.Length));
        }
        else
        {
            stream.Write(BitConverter.GetBytes((uint)header.Length));
        }

        stream.Write(Encoding.Latin1.GetBytes(header));
        stream.Write(data);
        return stream.ToArray();
    }

    private static MemoryStream Zip(params (string Name, byte[] Bytes, CompressionLevel Level)[] entries)
    {
        var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            foreach (var (name, bytes, level) in entries)
            {
                using var entry = zip.CreateEntry(name + ".npy", level).Open();
                entry.Write(bytes);
            }
        }
        buffer.Position = 0;
        return buffer;
    }

    [Fact]
    public void Reads_an_npz_built_in_memory_stored_and_deflated()
    {
        var floats = new[] { 1f, -2.5f, 3.25f, 0f, 1e-3f, 7f };
        var floatBytes = floats.SelectMany(BitConverter.GetBytes).ToArray();
        var text = "ab".SelectMany(c => BitConverter.GetBytes((int)c)).Concat(new byte[8])     // "ab" padded to 4
            .Concat("xyz!".SelectMany(c => BitConverter.GetBytes((int)c))).ToArray();
        using var stream = Zip(
            ("matrix", Npy("<f4", "(2, 3)", floatBytes), CompressionLevel.NoCompression),
            ("labels", Npy("<U4", "(2,)", text, major: 2), CompressionLevel.Optimal),
            ("count", Npy("<i8", "()", BitConverter.GetBytes(12345678901L)), CompressionLevel.Optimal));
        using var npz = NpzArchive.Open(stream);
        var matrix = npz.Read("matrix");
        Assert.Equal(new[] { 2, 3 }, matrix.Shape);
        Assert.Equal(floats, matrix.AsFloat32());
        Assert.Equal(new[] { "ab", "xyz!" }, npz.Read("labels").AsStrings());
        Assert.Equal(12345678901L, npz.Read("count").AsInt64().Single());
        Assert.Equal(floats.Select(f => (float)f), matrix.ToFloat32());
    }

    [Fact]
    public void Truncated_and_foreign_data_are_named()
    {
        using (var npz = NpzArchive.Open(Zip(("short", Npy("<f8", "(4,)", new byte[24]), CompressionLevel.NoCompression))))
        {
            Assert.Contains("array 'short' is truncated: the data needs 32 bytes, got 24", Assert.Throws<InvalidDataException>(() => npz.Read("short")).Message);
        }

        using (var npz = NpzArchive.Open(Zip(("fortran", Npy("<f4", "(1, 1)", new byte[4], fortran: true), CompressionLevel.NoCompression))))
        {
            Assert.Contains("Fortran order", Assert.Throws<InvalidDataException>(() => npz.Read("fortran")).Message);
        }

        using (var npz = NpzArchive.Open(Zip(("text", Encoding.ASCII.GetBytes("hello, world"), CompressionLevel.NoCompression))))
        {
            Assert.Contains("not an .npy array", Assert.Throws<InvalidDataException>(() => npz.Read("text")).Message);
        }

        Assert.Contains("not an .npz (zip) file", Assert.Throws<InvalidDataException>(() => NpzArchive.Open(new MemoryStream(new byte[100]))).Message);
    }
}
