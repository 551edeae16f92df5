using System.Text.Json;

namespace Pandora.Discord.Voice;

/// <summary>
/// The stand-in until the DAVE engine is wired: passes frames through. With a DAVE protocol version of 1 the frames
/// are still end-to-end encrypted, so what it passes on is not decodable Opus; with version 0 it is exactly right.
/// </summary>
public sealed class NoDaveSessionHook : IDaveSessionHook
{
    public static NoDaveSessionHook Instance { get; } = new();

    public void Attach(IVoiceGatewaySender sender)
    {
    }

    public void OnSessionDescription(int daveProtocolVersion)
    {
    }

    public void OnJsonMessage(int opcode, JsonElement data)
    {
    }

    public void OnBinaryMessage(int opcode, ReadOnlySpan<byte> payload)
    {
    }

    public bool TryDecryptFrame(ulong userId, ReadOnlyMemory<byte> frame, out ReadOnlyMemory<byte> opus)
    {
        opus = frame;
        return true;
    }
}
