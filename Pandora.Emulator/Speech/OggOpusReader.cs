namespace Pandora.Emulator.Speech;

/// <summary>
/// Reads the Opus packets of a single-stream Ogg Opus file (RFC 7845 over RFC 3533): skips the
/// OpusHead and OpusTags packets and returns the audio packets in order. Not thread-sensitive: pure.
/// </summary>
internal static class OggOpusReader
{
    private const int PageHeaderSize = 27;

    /// <summary>Returns the audio packets and the pre-skip (48 kHz samples) of an Ogg Opus file.</summary>
    public static (IReadOnlyList<byte[]> Packets, int PreSkip) Read(ReadOnlySpan<byte> file)
    {
        var packets = new List<byte[]>();
        var pending = new List<byte>();
        var offset = 0;
        while (offset < file.Length)
        {
            // Page: "OggS" | version u8 | flags u8 | granule u64 LE | serial u32 | seq u32 | crc u32
            //       | segment count u8 | lacing values | segment data.
            if (file.Length - offset < PageHeaderSize || !file.Slice(offset, 4).SequenceEqual("OggS"u8))
            {
                throw new InvalidDataException($"No Ogg page at offset {offset}.");
            }

            int segmentCount = file[offset + 26];
            var lacing = file.Slice(offset + PageHeaderSize, segmentCount);
            var data = offset + PageHeaderSize + segmentCount;
            foreach (var size in lacing)
            {
                if (data + size > file.Length)
                {
                    throw new InvalidDataException("Ogg segment runs past the end of the file.");
                }

                pending.AddRange(file.Slice(data, size));
                data += size;
                if (size < 255)
                {
                    packets.Add([.. pending]);
                    pending.Clear();
                }
            }

            offset = data;
        }

        if (packets.Count < 2 || !packets[0].AsSpan().StartsWith("OpusHead"u8))
        {
            throw new InvalidDataException("Not an Ogg Opus stream.");
        }

        // OpusHead: magic(8) version(1) channels(1) pre-skip u16 LE ...
        var preSkip = packets[0][10] | (packets[0][11] << 8);
        return (packets.Skip(2).ToArray(), preSkip);
    }
}
