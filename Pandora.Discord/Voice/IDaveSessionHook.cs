using System.Text.Json;

namespace Pandora.Discord.Voice;

/// <summary>
/// Where DAVE (brief §4) plugs into a voice connection. The connection hands it every DAVE voice gateway message
/// (ops 21-31) and every transport-decrypted Opus frame. Called from the connection's socket loops: the message
/// methods from the WebSocket loop, <see cref="TryDecryptFrame"/> from the UDP loop (and the WebSocket loop when
/// held packets are released), so implementations must be thread safe.
/// </summary>
public interface IDaveSessionHook
{
    /// <summary>Called once, before any other method, with the way to answer on the voice gateway.</summary>
    void Attach(IVoiceGatewaySender sender);

    /// <summary>The DAVE protocol version from op 4 Session Description (0 = no DAVE).</summary>
    void OnSessionDescription(int daveProtocolVersion);

    /// <summary>A JSON DAVE message (ops 21, 22, 24), and the roster ops 11 (clients connect) and 13 (client
    /// disconnect) which DAVE needs for its recognized users; <paramref name="data"/> is only valid during the call.
    /// </summary>
    void OnJsonMessage(int opcode, JsonElement data);

    /// <summary>
    /// A binary DAVE message (ops 25, 27, 29, 30) without its seq prefix; only valid during the call.
    /// </summary>
    void OnBinaryMessage(int opcode, ReadOnlySpan<byte> payload);

    /// <summary>Turns a transport-decrypted frame of <paramref name="userId"/> into Opus. Returns the input unchanged
    /// when DAVE is not active for that user; false drops the packet.</summary>
    bool TryDecryptFrame(ulong userId, ReadOnlyMemory<byte> frame, out ReadOnlyMemory<byte> opus);
}
