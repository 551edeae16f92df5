namespace Pandora.Discord.Dave;

/// <summary>
/// Unsigned LEB128 as DAVE frames use it (Discord DAVE protocol, "Protocol Frame Format"): 7 bits per byte,
/// least-significant group first, high bit set on every byte but the last. Stateless and thread safe.
/// </summary>
public static class Uleb128
{
    /// <summary>The longest encoding of a 64-bit value.</summary>
    public const int MaxLength = 10;

    /// <summary>How many bytes <paramref name="value"/> takes.</summary>
    public static int SizeOf(ulong value)
    {
        var size = 1;
        while (value >= 0x80)
        {
            value >>= 7;
            size++;
        }

        return size;
    }

    /// <summary>Writes <paramref name="value"/> at the start of <paramref name="destination"/> and returns the byte
    /// count; the destination must hold <see cref="SizeOf"/> bytes.</summary>
    public static int Write(ulong value, Span<byte> destination)
    {
        var i = 0;
        while (value >= 0x80)
        {
            destination[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        destination[i++] = (byte)value;
        return i;
    }

    /// <summary>
    /// Reads one value from the start of <paramref name="source"/>. False when the input ends inside the value or
    /// the value does not fit in 64 bits; <paramref name="length"/> is the number of bytes consumed.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> source, out ulong value, out int length)
    {
        value = 0;
        for (var i = 0; i < source.Length && i < MaxLength; i++)
        {
            var b = source[i];
            var bits = (ulong)(b & 0x7F);

            // The tenth byte may carry only the single top bit of a 64-bit value.
            if (i == MaxLength - 1 && bits > 1)
            {
                break;
            }

            value |= bits << (7 * i);
            if ((b & 0x80) == 0)
            {
                length = i + 1;
                return true;
            }
        }

        value = 0;
        length = 0;
        return false;
    }
}
