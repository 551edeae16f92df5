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

    /// <summary>Hooks that threw, with their exceptions; empty when all ran.</summary>
    public required IReadOnlyList<(string Hook, Exception Error)> HookErrors { get; init; }
}
