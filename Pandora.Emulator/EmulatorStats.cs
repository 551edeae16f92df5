namespace Pandora.Emulator;

/// <summary>A snapshot of the emulator's counters (each read atomically, not all at the same instant).</summary>
/// <param name="DatagramsSent">
/// Media datagrams sent (speech, silence, duplicates, junk); discovery answers excluded.
/// </param>
/// <param name="DiscoveryRequests">IP discovery requests answered.</param>
/// <param name="GatewayConnections">Gateway Identify and Resume handshakes accepted.</param>
/// <param name="VoiceConnections">Voice Identify and Resume handshakes accepted.</param>
/// <param name="RestCalls">REST requests received.</param>
/// <param name="Dave">The voice server's DAVE counters and epoch.</param>
public readonly record struct EmulatorStats(
    long DatagramsSent,
    long DiscoveryRequests,
    int GatewayConnections,
    int VoiceConnections,
    int RestCalls,
    DaveStats Dave = default);
