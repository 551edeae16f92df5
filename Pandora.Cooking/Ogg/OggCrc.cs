namespace Pandora.Cooking.Ogg;

/// <summary>
/// The CRC-32 of Ogg pages (RFC 3533 §6, libogg framing): generator polynomial 0x04C11DB7, no input or output
/// reflection, initial value 0, no final XOR. It is computed over the whole page with the checksum field zeroed.
/// Stateless and thread-safe.
/// </summary>
public static class OggCrc
{
    private static readonly uint[] s_table = BuildTable();

    /// <summary>Checksum of <paramref name="data"/> from the initial value 0.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Update(0, data);

    /// <summary>Continues a checksum <paramref name="crc"/> over more bytes.</summary>
    public static uint Update(uint crc, ReadOnlySpan<byte> data)
    {
        uint[] table = s_table;
        foreach (byte b in data)
        {
            crc = (crc << 8) ^ table[(int)((crc >> 24) ^ b)];
        }

        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            uint r = i << 24;
            for (int bit = 0; bit < 8; bit++)
            {
                r = (r & 0x80000000u) != 0 ? (r << 1) ^ 0x04C11DB7u : r << 1;
            }

            table[i] = r;
        }

        return table;
    }
}
