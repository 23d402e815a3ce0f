using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;

namespace PoseSearch.Core.IO;

/// <summary>
/// Reads one .npy array (format versions 1-3): the magic string, a header length, a Python
/// dict literal {'descr': '&lt;f4', 'fortran_order': False, 'shape': (2, 3), } and the raw data.
/// Supports little-endian float32/float64/int32/int64 and unicode ('&lt;U n'), C order only.
/// </summary>
public static partial class NpyReader
{
    private static readonly byte[] Magic = { 0x93, (byte)'N', (byte)'U', (byte)'M', (byte)'P', (byte)'Y' };

    /// <exception cref="InvalidDataException">Not an .npy stream, an unsupported dtype or Fortran order, or truncated data; the message names the array.</exception>
    public static NpyArray Read(Stream stream, string name)
    {
        Span<byte> preamble = stackalloc byte[8];
        ReadExactly(stream, preamble, name, "the .npy preamble");
        if (!preamble[..6].SequenceEqual(Magic))
        {
            throw new InvalidDataException($"array '{name}' is not an .npy array (bad magic bytes)");
        }

        var major = preamble[6];
        int headerLength;
        if (major == 1)
        {
            Span<byte> length = stackalloc byte[2];
            ReadExactly(stream, length, name, "the header length");
            headerLength = BinaryPrimitives.ReadUInt16LittleEndian(length);
        }
        else if (major is 2 or 3)
        {
            Span<byte> length = stackalloc byte[4];
            ReadExactly(stream, length, name, "the header length");
            headerLength = checked((int)BinaryPrimitives.ReadUInt32LittleEndian(length));
        }
        else
        {
            throw new InvalidDataException($"array '{name}' uses .npy format version {major}, supported are 1, 2 and 3");
        }

        var headerBytes = new byte[headerLength];
        ReadExactly(stream, headerBytes, name, "the header");
        var header = (major == 3 ? Encoding.UTF8 : Encoding.Latin1).GetString(headerBytes);
        var (descr, fortranOrder, shape) = ParseHeader(header, name);
        if (fortranOrder)
        {
            throw new InvalidDataException($"array '{name}' is stored in Fortran order, which is not supported; save it with np.ascontiguousarray");
        }

        long count = 1;
        foreach (var dimension in shape)
        {
            count *= dimension;
        }

        if (count > Array.MaxLength)
        {
            throw new InvalidDataException($"array '{name}' has {count} elements, more than one .NET array can hold");
        }

        var n = (int)count;

        var (dtype, width) = ParseDescr(descr, name);
        Array data = dtype switch
        {
            NpyDType.Float32 => ReadValues<float>(stream, n, name),
            NpyDType.Float64 => ReadValues<double>(stream, n, name),
            NpyDType.Int32 => ReadValues<int>(stream, n, name),
            NpyDType.Int64 => ReadValues<long>(stream, n, name),
            _ => ReadStrings(stream, n, width, name),
        };
        return new NpyArray(name, dtype, shape, data);
    }

    private static (string Descr, bool FortranOrder, int[] Shape) ParseHeader(string header, string name)
    {
        var descr = DescrPattern().Match(header);
        var fortran = FortranPattern().Match(header);
        var shape = ShapePattern().Match(header);
        if (!descr.Success || !fortran.Success || !shape.Success)
        {
            throw new InvalidDataException($"array '{name}' has a malformed .npy header: {header.Trim()}");
        }

        var dimensions = shape.Groups[1].Value
            .Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => int.TryParse(d.TrimEnd('L'), NumberStyles.None, CultureInfo.InvariantCulture, out var v)
                ? v
                : throw new InvalidDataException($"array '{name}' has a malformed shape ({shape.Groups[1].Value})"))
            .ToArray();
        return (descr.Groups[1].Value, fortran.Groups[1].Value == "True", dimensions);
    }

    private static (NpyDType Type, int Width) ParseDescr(string descr, string name)
    {
        // '=' is native order, little-endian on every platform .NET runs this library on.
        if (descr.Length >= 2 && descr[0] is '<' or '=' or '|')
        {
            switch (descr[1..])
            {
                case "f4": return (NpyDType.Float32, 4);
                case "f8": return (NpyDType.Float64, 8);
                case "i4": return (NpyDType.Int32, 4);
                case "i8": return (NpyDType.Int64, 8);
            }
            if (descr[1] == 'U' && int.TryParse(descr.AsSpan(2), NumberStyles.None, CultureInfo.InvariantCulture, out var chars))
            {
                return (NpyDType.Unicode, chars);
            }
        }
        var hint = descr.StartsWith('>') ? " (big-endian; convert with arr.astype(arr.dtype.newbyteorder('<')))"
                 : descr.Contains('O') ? " (Python objects need pickle)"
                 : "";
        throw new InvalidDataException(
            $"array '{name}' has dtype '{descr}'{hint}; supported are <f4, <f8, <i4, <i8 and <U (unicode)");
    }

    private static T[] ReadValues<T>(Stream stream, int count, string name) where T : unmanaged
    {
        var values = new T[count];
        ReadExactly(stream, MemoryMarshal.AsBytes(values.AsSpan()), name, "the data");
        if (!BitConverter.IsLittleEndian)
        {
            throw new PlatformNotSupportedException("NpyReader needs a little-endian machine");
        }

        return values;
    }

    private static string[] ReadStrings(Stream stream, int count, int chars, string name)
    {
        var units = new int[checked(count * chars)];
        ReadExactly(stream, MemoryMarshal.AsBytes(units.AsSpan()), name, "the data");
        var strings = new string[count];
        var builder = new StringBuilder();
        for (var i = 0; i < count; i++)
        {
            builder.Clear();
            for (var c = 0; c < chars; c++)
            {
                var unit = units[i * chars + c];
                if (unit == 0)
                {
                    break;   // NUL padding ends the string
                }

                if (!Rune.TryCreate(unit, out var rune))
                {
                    throw new InvalidDataException($"array '{name}' element {i} holds an invalid code point {unit}");
                }

                builder.Append(rune.ToString());
            }
            strings[i] = builder.ToString();
        }
        return strings;
    }

    private static void ReadExactly(Stream stream, Span<byte> buffer, string name, string what)
    {
        var total = 0;
        while (total < buffer.Length)
        {
            var read = stream.Read(buffer[total..]);
            if (read == 0)
            {
                throw new InvalidDataException($"array '{name}' is truncated: {what} needs {buffer.Length} bytes, got {total}");
            }

            total += read;
        }
    }

    [GeneratedRegex(@"'descr'\s*:\s*'([^']*)'")]
    private static partial Regex DescrPattern();

    [GeneratedRegex(@"'fortran_order'\s*:\s*(True|False)")]
    private static partial Regex FortranPattern();

    [GeneratedRegex(@"'shape'\s*:\s*\(([^)]*)\)")]
    private static partial Regex ShapePattern();
}
