using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Pandora.Discord.Internal;

namespace Pandora.Discord.Voice;

/// <summary>Sending for the DAVE hook (<see cref="IVoiceGatewaySender"/>).</summary>
public sealed partial class VoiceConnection : IVoiceGatewaySender
{
    public async ValueTask<bool> TrySendBinaryAsync(
        VoiceOpcode opcode,
        ReadOnlyMemory<byte> payload,
        CancellationToken cancellationToken = default)
    {
        var frame = new byte[payload.Length + 1];
        frame[0] = (byte)opcode;
        payload.CopyTo(frame.AsMemory(1));
        return await TrySendAsync(frame, WebSocketMessageType.Binary, cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask<bool> TrySendJsonAsync(
        VoiceOpcode opcode,
        JsonNode? data,
        CancellationToken cancellationToken = default)
    {
        var message = new JsonObject { ["op"] = (int)opcode, ["d"] = data?.DeepClone() };
        var bytes = System.Text.Encoding.UTF8.GetBytes(message.ToJsonString());
        return await TrySendAsync(bytes, WebSocketMessageType.Text, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<bool> TrySendAsync(
        byte[] frame,
        WebSocketMessageType type,
        CancellationToken cancellationToken)
    {
        WebSocketLink? link;
        lock (_gate)
        {
            link = _current;
        }

        if (link is null)
        {
            return false;
        }

        try
        {
            await link.SendAsync(frame, type: type, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested
            && ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            return false;
        }
    }
}
