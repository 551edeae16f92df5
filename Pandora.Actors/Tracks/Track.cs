using Pandora.Discord.Voice;

namespace Pandora.Actors.Tracks;

/// <summary>Messages of <see cref="TrackActor"/>.</summary>
public static class Track
{
    /// <summary>One received packet of this track's speaker.</summary>
    public sealed record Packet(VoicePacket Value);

    /// <summary>Write every queued packet, answer <see cref="Stopped"/> to the sender, then stop.</summary>
    public sealed record Stop
    {
        public static readonly Stop Instance = new();
    }

    /// <summary>The track wrote all it had.</summary>
    public sealed record Stopped(int TrackNumber, TrackCounters Counters);

    /// <summary>Timer: write the packets that waited a full reorder window.</summary>
    internal sealed record Tick
    {
        public static readonly Tick Instance = new();
    }
}
