using System.Buffers.Binary;

namespace Pandora.Mls.Codec;

/// <summary>
/// Writes the TLS presentation language as MLS uses it (RFC 9420 §2.1), with variable-length vector prefixes.
/// Not thread safe; one writer per message.
/// </summary>
public sealed class TlsWriter
{
    private byte[] _buffer = new byte[256];
    private int _length;

    /// <summary>Bytes written so far.</summary>
    public int Length => _length;

    /// <summary>A copy of the bytes written so far.</summary>
    public byte[] ToArray() => _buffer.AsSpan(0, _length).ToArray();

    /// <summary>Encodes one value with a writer callback and returns the bytes.</summary>
    public static byte[] Encode(Action<TlsWriter> write)
    {
        var w = new TlsWriter();
        write(w);
        return w.ToArray();
    }

    public void WriteU8(byte value) => Reserve(1)[0] = value;

    public void WriteU16(ushort value) => BinaryPrimitives.WriteUInt16BigEndian(Reserve(2), value);

    public void WriteU32(uint value) => BinaryPrimitives.WriteUInt32BigEndian(Reserve(4), value);

    public void WriteU64(ulong value) => BinaryPrimitives.WriteUInt64BigEndian(Reserve(8), value);

    /// <summary>Raw bytes without a length prefix.</summary>
    public void WriteRaw(ReadOnlySpan<byte> bytes) => bytes.CopyTo(Reserve(bytes.Length));

    /// <summary><c>opaque data&lt;V&gt;</c>.</summary>
    public void WriteOpaque(ReadOnlySpan<byte> bytes)
    {
        WriteVarInt((uint)bytes.Length);
        WriteRaw(bytes);
    }

    /// <summary>A vector whose content is produced by <paramref name="body"/>.</summary>
    public void WriteVector(Action<TlsWriter> body)
    {
        var inner = new TlsWriter();
        body(inner);
        WriteOpaque(inner._buffer.AsSpan(0, inner._length));
    }

    /// <summary>A vector of items.</summary>
    public void WriteVector<T>(IReadOnlyList<T> items, Action<TlsWriter, T> each)
    {
        WriteVector(w =>
        {
            foreach (var item in items)
            {
                each(w, item);
            }
        });
    }

    /// <summary>The minimal variable-length integer prefix (RFC 9420 §2.1.2).</summary>
    public void WriteVarInt(uint value)
    {
        if (value < 0x40)
        {
            WriteU8((byte)value);
        }
        else if (value < 0x4000)
        {
            WriteU16((ushort)(value | 0x4000));
        }
        else if (value < 0x4000_0000)
        {
            WriteU32(value | 0x8000_0000);
        }
        else
        {
            MlsException.Throw(MlsErrorKind.LengthOutOfRange, "length above 2^30-1 cannot be encoded");
        }
    }

    /// <summary><c>optional&lt;T&gt;</c>: a presence byte then the value.</summary>
    public void WriteOptional<T>(T? value, Action<TlsWriter, T> write)
        where T : class
    {
        if (value is null)
        {
            WriteU8(0);
            return;
        }

        WriteU8(1);
        write(this, value);
    }

    private Span<byte> Reserve(int count)
    {
        if (_length + count > _buffer.Length)
        {
            Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + count));
        }

        var span = _buffer.AsSpan(_length, count);
        _length += count;
        return span;
    }
}
