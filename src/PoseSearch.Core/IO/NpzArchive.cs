using System.IO.Compression;

namespace PoseSearch.Core.IO;

/// <summary>
/// An .npz file (a zip of .npy arrays, as np.savez / np.savez_compressed write it; stored or
/// deflated). Arrays are read on demand. Not thread-safe.
/// </summary>
public sealed class NpzArchive : IDisposable
{
    private readonly ZipArchive _zip;
    private readonly string _source;
    private readonly Dictionary<string, ZipArchiveEntry> _entries;

    private NpzArchive(ZipArchive zip, string source)
    {
        _zip = zip;
        _source = source;
        _entries = zip.Entries
            .Where(e => e.FullName.EndsWith(".npy", StringComparison.Ordinal))
            .ToDictionary(e => e.FullName[..^4], StringComparer.Ordinal);
    }

    /// <exception cref="InvalidDataException">The file is not a zip archive.</exception>
    public static NpzArchive Open(string path)
    {
        var stream = File.OpenRead(path);
        try
        {
            return new NpzArchive(new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: false), Path.GetFileName(path));
        }
        catch (InvalidDataException e)
        {
            stream.Dispose();
            throw new InvalidDataException($"{path} is not an .npz (zip) file: {e.Message}", e);
        }
    }

    public static NpzArchive Open(Stream stream, string source = "npz")
    {
        try
        {
            return new NpzArchive(new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true), source);
        }
        catch (InvalidDataException e)
        {
            throw new InvalidDataException($"{source} is not an .npz (zip) file: {e.Message}", e);
        }
    }

    /// <summary>Array names (without the .npy suffix), in archive order.</summary>
    public IReadOnlyList<string> Names => _entries.Keys.ToArray();

    public bool Contains(string name) => _entries.ContainsKey(name);

    /// <exception cref="KeyNotFoundException">No such array; the message lists those present.</exception>
    /// <exception cref="InvalidDataException">Unsupported dtype, Fortran order, or a damaged array.</exception>
    public NpyArray Read(string name)
    {
        if (!_entries.TryGetValue(name, out var entry))
        {
            throw new KeyNotFoundException($"{_source} has no array '{name}'; arrays: {string.Join(", ", _entries.Keys)}");
        }

        using var stream = entry.Open();
        return NpyReader.Read(stream, name);
    }

    public void Dispose() => _zip.Dispose();
}
