using System.Buffers.Binary;

namespace Pandora.Mls.Codec;

/// <summary>
/// Reads the TLS presentation language of RFC 9420 §2.1 from hostile input: every length is checked against
/// the remaining bytes before anything is allocated, and non-minimal variable-length prefixes are rejected.
/// Not thread safe. The reader does not copy its input; returned byte arrays are fresh copies.
/// </summary>
public sealed class TlsReader
{
    private readonly ReadOnlyMemory<byte> _data;
    private int _position;

    public TlsReader(ReadOnlyMemory<byte> data) => _data = data;

    /// <summary>Bytes not yet read.</summary>
    public int Remaining => _data.Length - _position;

    /// <summary>Current offset from the start of the input.</summary>
    public int Position => _position;

    /// <summary>Decodes exactly one value filling all of <paramref name="data"/>.</summary>
    public static T DecodeAll<T>(ReadOnlyMemory<byte> data, Func<TlsReader, T> read)
    {
        var r = new TlsReader(data);
        var value = read(r);
        r.EnsureEnd();
        return value;
    }

    /// <summary>The bytes between two positions (for signatures over the exact bytes read).</summary>
    public ReadOnlyMemory<byte> Slice(int start, int end) => _data[start..end];

    public byte ReadU8() => Take(1).Span[0];

    public ushort ReadU16() => BinaryPrimitives.ReadUInt16BigEndian(Take(2).Span);

    public uint ReadU32() => BinaryPrimitives.ReadUInt32BigEndian(Take(4).Span);

    public ulong ReadU64() => BinaryPrimitives.ReadUInt64BigEndian(Take(8).Span);

    public byte[] ReadRaw(int count) => Take(count).ToArray();

    /// <summary><c>opaque data&lt;V&gt;</c>.</summary>
    public byte[] ReadOpaque() => Take(ReadLength()).ToArray();

    /// <summary>A vector: the callback reads the content through a sub-reader that must be consumed exactly.</summary>
    public T ReadVector<T>(Func<TlsReader, T> body)
    {
        var inner = new TlsReader(Take(ReadLength()));
        var value = body(inner);
        inner.EnsureEnd();
        return value;
    }

    /// <summary>A vector of items read until its content is exhausted.</summary>
    public List<T> ReadList<T>(Func<TlsReader, T> item)
    {
        return ReadVector(r =>
        {
            var list = new List<T>();
            while (r.Remaining > 0)
            {
                list.Add(item(r));
            }

            return list;
        });
    }

    /// <summary><c>optional&lt;T&gt;</c>.</summary>
    public T? ReadOptional<T>(Func<TlsReader, T> read)
        where T : class
    {
        var present = ReadU8();
        return present switch
        {
            0 => null,
            1 => read(this),
            _ => throw new MlsException(MlsErrorKind.InvalidValue, $"optional presence byte {present}"),
        };
    }

    /// <summary>Reads a variable-length prefix (RFC 9420 §2.1.2) and checks it against the remaining input.</summary>
    public int ReadLength()
    {
        var length = ReadVarInt();
        MlsException.ThrowIf(
            length > (uint)Remaining,
            MlsErrorKind.LengthOutOfRange,
            $"vector length {length} exceeds the {Remaining} bytes left");
        return (int)length;
    }

    /// <summary>Reads a variable-length integer, rejecting the reserved prefix and non-minimal forms.</summary>
    public uint ReadVarInt()
    {
        var first = ReadU8();
        var prefix = first >> 6;
        uint value = (uint)(first & 0x3F);
        switch (prefix)
        {
            case 0:
                return value;

            case 1:
                value = (value << 8) | ReadU8();
                MlsException.ThrowIf(value < 0x40, MlsErrorKind.NonMinimalLength, "2-byte length below 64");
                return value;

            case 2:
                var rest = Take(3).Span;
                value = (value << 24) | ((uint)rest[0] << 16) | ((uint)rest[1] << 8) | rest[2];
                MlsException.ThrowIf(value < 0x4000, MlsErrorKind.NonMinimalLength, "4-byte length below 16384");
                return value;

            default:
                throw new MlsException(MlsErrorKind.NonMinimalLength, "variable-length prefix 0b11 is reserved");
        }
    }

    /// <summary>Fails if any bytes remain.</summary>
    public void EnsureEnd() =>
        MlsException.ThrowIf(Remaining != 0, MlsErrorKind.TrailingData, $"{Remaining} trailing bytes");

    private ReadOnlyMemory<byte> Take(int count)
    {
        MlsException.ThrowIf(
            count < 0 || count > Remaining,
            MlsErrorKind.Truncated,
            $"need {count} bytes, {Remaining} left");
        var slice = _data.Slice(_position, count);
        _position += count;
        return slice;
    }
}
