using Pandora.Discord.Internal;

namespace Pandora.Discord.Voice.Internal;

/// <summary>State of one voice WebSocket.</summary>
internal sealed class VoiceSocketState(WebSocketLink link, bool resume)
{
    private int _missedAcks;

    public WebSocketLink Link { get; } = link;

    public bool Resume { get; } = resume;

    public bool HelloReceived { get; set; }

    /// <summary>Set when the heartbeat loop declared the link dead.</summary>
    public bool Dead { get; set; }

    /// <summary>Counts one more heartbeat without answer; returns the count before this one.</summary>
    public int MissOne() => Interlocked.Increment(ref _missedAcks) - 1;

    public void Acknowledge() => Interlocked.Exchange(ref _missedAcks, 0);
}
