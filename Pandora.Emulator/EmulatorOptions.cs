using Microsoft.Extensions.Logging;
using Pandora.Emulator.Scenarios;

namespace Pandora.Emulator;

/// <summary>How the emulator behaves. Immutable; everything binds to 127.0.0.1 on ephemeral ports.</summary>
public sealed record EmulatorOptions
{
    /// <summary>The token the bot must present (REST "Authorization: Bot ...", gateway and Identify).</summary>
    public string BotToken { get; init; } = "emulator-bot-token.Pandora";

    /// <summary>
    /// The guild, its channels and members. The scenario passed to RunScenarioAsync must use the same members.
    /// </summary>
    public Scenario Scenario { get; init; } = Scenario.Default;

    /// <summary>Main gateway Hello <c>heartbeat_interval</c>.</summary>
    public TimeSpan GatewayHeartbeatInterval { get; init; } = TimeSpan.FromMilliseconds(41250);

    /// <summary>Voice gateway Hello <c>heartbeat_interval</c> in milliseconds (fractional on purpose).</summary>
    public double VoiceHeartbeatIntervalMs { get; init; } = 13750.25;

    /// <summary>
    /// Close a gateway or voice socket with 4009 when no heartbeat arrived for 1.5 intervals plus 1 s.
    /// Off by default so a slow test machine never trips it; tests of heartbeat code turn it on with short intervals.
    /// </summary>
    public bool EnforceHeartbeats { get; init; }

    /// <summary>Modes listed in voice Ready; only the two rtpsize AEAD modes can be selected.</summary>
    public IReadOnlyList<string> OfferedModes { get; init; } =
    [
        "aead_aes256_gcm_rtpsize", "aead_aes256_gcm", "aead_xchacha20_poly1305_rtpsize",
        "xsalsa20_poly1305_lite_rtpsize", "xsalsa20_poly1305_lite", "xsalsa20_poly1305_suffix", "xsalsa20_poly1305",
    ];

    /// <summary>How many dispatches (gateway) and seq'd messages (voice) are kept for resume.</summary>
    public int ReplayBufferSize { get; init; } = 256;

    /// <summary>Seeded network impairments on the UDP media path.</summary>
    public MediaImpairments Impairments { get; init; } = MediaImpairments.None;

    /// <summary>Send a few undocumented voice opcodes (12, 18, 20) that a client must ignore.</summary>
    public bool SendUnknownVoiceOpcodes { get; init; }

    /// <summary>Deadline for answering an interaction (Discord: 3 s); later callbacks get 404 / 10062.</summary>
    public TimeSpan InteractionDeadline { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// DAVE protocol version announced in Session Description (op 4): 1 (the default, as a real voice channel) runs
    /// the end-to-end encryption of protocol brief §4 with the bot and the members; 0 is a transport-only call. A
    /// client whose Identify says <c>max_dave_protocol_version</c> 0 gets 0.
    /// </summary>
    public int DaveProtocolVersion { get; init; } = 1;

    /// <summary>Emulated members answer proposals with commits (as every DAVE client does). Off, only the bot can
    /// commit: for tests of the bot's commit path.</summary>
    public bool DaveMembersCommit { get; init; } = true;

    /// <summary>How long the gateway waits for a commit after proposals before revoking them.</summary>
    public TimeSpan DaveCommitTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long the gateway waits for op 23 Transition Ready before executing a transition anyway.</summary>
    public TimeSpan DaveTransitionTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Logger factory for the emulator (ASP.NET Core logs included); null = no logging.</summary>
    public ILoggerFactory? LoggerFactory { get; init; }
}
