using System.Buffers.Binary;

namespace Pandora.Discord.Voice.Internal;

/// <summary>
/// The 8-byte UDP keep-alive (community practice, brief §3.1): a little-endian u32 counter, then zeros.
/// </summary>
internal static class KeepAlive
{
    public const int Size = 8;

    public static void Write(Span<byte> destination, uint counter)
    {
        destination[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(destination, counter);
    }
}
