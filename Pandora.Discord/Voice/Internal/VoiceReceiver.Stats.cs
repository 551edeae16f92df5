namespace Pandora.Discord.Voice.Internal;

/// <summary>Counters of <see cref="VoiceReceiver"/>, bumped with Interlocked.</summary>
internal sealed partial class VoiceReceiver
{
    private long _packetsReceived;
    private long _packetsDecrypted;
    private long _droppedShort;
    private long _droppedNotRtp;
    private long _droppedDecryptFailed;
    private long _droppedUnknownSsrc;
    private long _droppedBadPadding;
    private long _ignoredRtcp;
    private long _ignoredOther;
    private long _lost;
    private long _duplicate;
    private long _outOfOrder;
    private long _packetsHeld;

    /// <summary>A snapshot; the gateway-side counters are filled in by the connection.</summary>
    public VoiceStats Snapshot(long malformed, long unknownOpcodes) =>
        new(
            Interlocked.Read(ref _packetsReceived),
            Interlocked.Read(ref _packetsDecrypted),
            Interlocked.Read(ref _droppedShort),
            Interlocked.Read(ref _droppedNotRtp),
            Interlocked.Read(ref _droppedDecryptFailed),
            Interlocked.Read(ref _droppedUnknownSsrc),
            malformed,
            unknownOpcodes)
        {
            PacketsLost = Interlocked.Read(ref _lost),
            PacketsDuplicate = Interlocked.Read(ref _duplicate),
            PacketsOutOfOrder = Interlocked.Read(ref _outOfOrder),
            DroppedBadPadding = Interlocked.Read(ref _droppedBadPadding),
            IgnoredRtcp = Interlocked.Read(ref _ignoredRtcp),
            IgnoredOther = Interlocked.Read(ref _ignoredOther),
            PacketsHeld = Interlocked.Read(ref _packetsHeld),
        };
}
