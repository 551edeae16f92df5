namespace Pandora.Discord.Gateway;

/// <summary>Counters, bumped with Interlocked; bad input is logged for the first time of each kind and then at
/// every power of two, so a flood cannot flood the log.</summary>
public sealed partial class GatewayClient
{
    private long _messagesReceived;
    private long _dispatchesHandled;
    private long _dispatchesIgnored;
    private long _malformed;
    private long _unknownOpcodes;
    private long _missingFields;
    private long _heartbeatsSent;
    private long _heartbeatAcks;
    private long _zombies;
    private long _connections;
    private long _identifies;
    private long _resumes;

    /// <summary>A snapshot of the counters.</summary>
    public GatewayStats Stats =>
        new(
            Interlocked.Read(ref _messagesReceived),
            Interlocked.Read(ref _dispatchesHandled),
            Interlocked.Read(ref _dispatchesIgnored),
            Interlocked.Read(ref _malformed),
            Interlocked.Read(ref _unknownOpcodes),
            Interlocked.Read(ref _missingFields),
            Interlocked.Read(ref _heartbeatsSent),
            Interlocked.Read(ref _heartbeatAcks),
            Interlocked.Read(ref _zombies),
            Interlocked.Read(ref _connections),
            Interlocked.Read(ref _identifies),
            Interlocked.Read(ref _resumes));

    private void BadMessage(ref long counter, string kind)
    {
        var count = Interlocked.Increment(ref counter);
        if ((count & (count - 1)) == 0)
        {
            Log.GatewayBadMessage(_logger, kind, count);
        }
    }
}
