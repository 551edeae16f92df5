using System.Text.Json.Nodes;

namespace Pandora.Discord.Voice;

/// <summary>What a DAVE hook may send on the voice gateway (ops 23, 26, 28, 31). Sends go to the current voice
/// WebSocket; while it is being resumed there is none and the send returns false (the DAVE engine recovers through
/// op 31 like after any lost message).</summary>
public interface IVoiceGatewaySender
{
    /// <summary>A binary DAVE message: <c>u8 opcode | payload</c> (client frames carry no seq).</summary>
    ValueTask<bool> TrySendBinaryAsync(
        VoiceOpcode opcode,
        ReadOnlyMemory<byte> payload,
        CancellationToken cancellationToken = default);

    /// <summary>A JSON message <c>{"op": opcode, "d": data}</c>.</summary>
    ValueTask<bool> TrySendJsonAsync(VoiceOpcode opcode, JsonNode? data, CancellationToken cancellationToken = default);
}
