using Pandora.Discord.Internal;

namespace Pandora.Discord.Gateway.Internal;

/// <summary>State of one gateway WebSocket connection.</summary>
internal sealed class GatewayConnection(WebSocketLink link, bool resume)
{
    private int _awaitingAck;

    public WebSocketLink Link { get; } = link;

    public bool Resume { get; } = resume;

    public bool HelloReceived { get; set; }

    /// <summary>Set by the heartbeat loop when it ends the connection (zombie).</summary>
    public ConnectionOutcome? Planned { get; set; }

    /// <summary>Marks a heartbeat as sent; returns false when the previous one was never acknowledged.</summary>
    public bool BeginHeartbeat() => Interlocked.Exchange(ref _awaitingAck, 1) == 0;

    public void Acknowledge() => Interlocked.Exchange(ref _awaitingAck, 0);
}
