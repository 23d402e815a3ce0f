using PoseSearch.Core.IO;

namespace PoseSearch.Cli.Common.Input;

/// <summary>
/// Core's <see cref="NpzArchive"/> as the input readers use it: each array read once, and
/// every problem (not a zip, missing array, wrong dtype) an input error naming file and array.
/// </summary>
internal sealed class NpzArrays : IDisposable
{
    private readonly NpzArchive _archive;
    private readonly string _path;
    private readonly Dictionary<string, NpyArray> _read = new(StringComparer.Ordinal);

    private NpzArrays(NpzArchive archive, string path)
    {
        _archive = archive;
        _path = path;
    }

    public static NpzArrays Open(string path)
    {
        if (!File.Exists(path))
        {
            throw new CliInputException($"file '{path}' does not exist");
        }

        try
        {
            return new NpzArrays(NpzArchive.Open(path), path);
        }
        catch (InvalidDataException e)
        {
            throw new CliInputException(e.Message, e);
        }
    }

    public bool Has(string name) => _archive.Contains(name);

    public int[] Shape(string name) => Get(name).Shape.ToArray();

    public float[] Floats(string name) => Convert(name, a => a.DType == NpyDType.Float32 ? a.AsFloat32() : a.ToFloat32());

    public int[] Ints(string name) => Convert(name, a => a.AsInt32());

    public string[] Strings(string name) => Convert(name, a => a.AsStrings());

    public void RequireLength(string name, int length)
    {
        var shape = Shape(name);
        if (shape.Length != 1 || shape[0] != length)
        {
            throw new CliInputException($"{_path}: {name} must have shape [{length}] (one value per pose), got [{string.Join(", ", shape)}]");
        }
    }

    public void Dispose() => _archive.Dispose();

    private NpyArray Get(string name)
    {
        if (_read.TryGetValue(name, out var array))
        {
            return array;
        }

        if (!_archive.Contains(name))
        {
            throw new CliInputException($"{_path} has no array '{name}' (arrays: {string.Join(", ", _archive.Names)})");
        }

        try
        {
            array = _archive.Read(name);
        }
        catch (InvalidDataException e)
        {
            throw new CliInputException($"{_path}: {e.Message}", e);
        }
        _read[name] = array;
        return array;
    }

    private T Convert<T>(string name, Func<NpyArray, T> convert)
    {
        var array = Get(name);
        try
        {
            return convert(array);
        }
        catch (InvalidDataException e)
        {
            throw new CliInputException($"{_path}: {e.Message}", e);
        }
    }
}
