namespace Pandora.Emulator.Scenarios;

/// <summary>The log of a scenario run.</summary>
public sealed record ScenarioResult
{
    /// <summary>When the timeline started (bot voice session established), UTC.</summary>
    public required DateTimeOffset TimelineStartedAt { get; init; }

    public required DateTimeOffset RecordCommandSentAt { get; init; }

    public required DateTimeOffset EndCommandSentAt { get; init; }

    public required IReadOnlyList<SentUtterance> Utterances { get; init; }

    /// <summary>Member joins and leaves during the run (the early joins before the command included).</summary>
    public required IReadOnlyList<MemberVoiceEvent> VoiceEvents { get; init; }

    /// <summary>Every REST call the bot made during the run (replies, messages, command registration).</summary>
    public required IReadOnlyList<RestCall> RestCalls { get; init; }

    /// <summary>Whether the bot left the voice channel (op 4 with channel_id null) after the end command.</summary>
    public required bool BotLeftVoice { get; init; }

    /// <summary>
    /// Frames each member handed to the bot's media socket during the run (speech and the silence frames, once
    /// each, before network impairments): what the bot could have recorded.
    /// </summary>
    public IReadOnlyDictionary<ulong, long> FramesSent { get; init; } = new Dictionary<ulong, long>();

    /// <summary>
    /// Frames each member could not send during the run because it had no DAVE sender key yet (a joiner between
    /// its key package and the executed transition that welcomed it).
    /// </summary>
    public IReadOnlyDictionary<ulong, long> FramesWithoutKey { get; init; } = new Dictionary<ulong, long>();

    /// <summary>The <c>dave_protocol_version</c> the bot's voice session ran with (0: transport only).</summary>
    public int DaveProtocolVersion { get; init; }

    /// <summary>The voice server's DAVE counters at the end of the run.</summary>
    public DaveStats Dave { get; init; }

    /// <summary>Hooks that threw, with their exceptions; empty when all ran.</summary>
    public required IReadOnlyList<(string Hook, Exception Error)> HookErrors { get; init; }
}
