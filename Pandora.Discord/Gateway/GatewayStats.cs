namespace Pandora.Discord.Gateway;

/// <summary>A snapshot of a gateway client's counters since it was created.</summary>
public readonly record struct GatewayStats(
    long MessagesReceived,
    long DispatchesHandled,
    long DispatchesIgnored,
    long MalformedMessages,
    long UnknownOpcodes,
    long MissingFields,
    long HeartbeatsSent,
    long HeartbeatAcks,
    long ZombieConnections,
    long Connections,
    long Identifies,
    long Resumes);
