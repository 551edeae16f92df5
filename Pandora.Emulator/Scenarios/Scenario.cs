namespace Pandora.Emulator.Scenarios;

/// <summary>
/// A scripted voice session. The timeline starts when the bot's voice session is established
/// (Select Protocol answered) after the record command. Immutable.
/// </summary>
public sealed record Scenario
{
    public ulong GuildId { get; init; } = 1180000000000000001;

    public string GuildName { get; init; } = "Pandora Test Guild";

    public ulong VoiceChannelId { get; init; } = 1180000000000000002;

    public string VoiceChannelName { get; init; } = "General";

    public ulong TextChannelId { get; init; } = 1180000000000000003;

    public string TextChannelName { get; init; } = "general";

    /// <summary>The bot's user id; also its application id.</summary>
    public ulong BotUserId { get; init; } = 1180000000000000100;

    public string BotName { get; init; } = "Pandora";

    public IReadOnlyList<ScenarioMember> Members { get; init; } = [];

    /// <summary>Who runs the record and end commands; must be in voice by then.</summary>
    public ulong RequesterId { get; init; }

    public CommandStyle Commands { get; init; } = CommandStyle.Slash;

    public IReadOnlyList<ScenarioJoin> Joins { get; init; } = [];

    public IReadOnlyList<ScenarioLeave> Leaves { get; init; } = [];

    public IReadOnlyList<ScenarioUtterance> Utterances { get; init; } = [];

    public IReadOnlyList<ScenarioHook> Hooks { get; init; } = [];

    /// <summary>When the end command is sent, on the timeline.</summary>
    public TimeSpan EndAt { get; init; } = TimeSpan.FromSeconds(24);

    /// <summary>How long to wait for the bot (READY, command registration, voice session, leaving).</summary>
    public TimeSpan BotTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>
    /// Three members with three espeak-ng voices: Alice (in voice at GUILD_CREATE, requester), Bob (joins
    /// before the command, leaves at 23.2 s), Carol (joins late at 9 s). Eight utterances over 23 s with
    /// overlaps and silences; the end command at 24 s.
    /// </summary>
    public static Scenario Default { get; } = CreateDefault();

    /// <summary>
    /// Churn: Alice and Bob talk on a loop for two minutes while one of four other members joins or leaves every
    /// 5 s (with DAVE, a new epoch each time). See <see cref="ChurnScenario.Create"/>.
    /// </summary>
    public static Scenario Churn => ChurnScenario.Create(TimeSpan.FromMinutes(2), TimeSpan.FromSeconds(5));

    public ScenarioMember Member(ulong userId) => Members.FirstOrDefault(m => m.UserId == userId)
        ?? throw new ArgumentException($"No member {userId} in the scenario.", nameof(userId));

    private static Scenario CreateDefault()
    {
        const ulong alice = 1180000000000000201, bob = 1180000000000000202, carol = 1180000000000000203;
        return new Scenario
        {
            Members =
            [
                new(alice, "alice", "en-gb+f3", InVoiceAtStart: true),
                new(bob, "bob", "en-us+m3"),
                new(carol, "carol", "en+m7"),
            ],
            RequesterId = alice,
            Joins = [new(bob, TimeSpan.FromSeconds(-1)), new(carol, TimeSpan.FromSeconds(9))],
            Utterances =
            [
                new(alice, "alice-1", TimeSpan.FromSeconds(0.5)),
                new(bob, "bob-1", TimeSpan.FromSeconds(4.0)),
                new(alice, "alice-2", TimeSpan.FromSeconds(6.5)),   // overlaps bob-1 by about 1 s
                new(carol, "carol-1", TimeSpan.FromSeconds(10.0)),  // late joiner
                new(bob, "bob-2", TimeSpan.FromSeconds(12.5)),      // overlaps carol-1
                new(carol, "carol-2", TimeSpan.FromSeconds(16.5)),
                new(alice, "alice-3", TimeSpan.FromSeconds(18.0)),  // overlaps carol-2
                new(bob, "bob-3", TimeSpan.FromSeconds(20.5)),
            ],
            Leaves = [new(bob, TimeSpan.FromSeconds(23.2))],
            EndAt = TimeSpan.FromSeconds(24),
        };
    }
}
