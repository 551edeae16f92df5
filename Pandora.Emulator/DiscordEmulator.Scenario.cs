using System.Diagnostics;
using System.Text.Json.Nodes;
using Pandora.Emulator.Scenarios;
using Pandora.Emulator.Speech;

namespace Pandora.Emulator;

public sealed partial class DiscordEmulator
{
    /// <summary>
    /// Runs a scenario against the connected bot: waits for its READY, lets the early members join, sends the
    /// record command, waits for the bot's voice session (Select Protocol answered), plays the timeline (joins,
    /// utterances, hooks), sends the end command and waits for the bot to leave voice.
    /// </summary>
    /// <exception cref="TimeoutException">The bot did not identify, or did not establish voice, within
    /// BotTimeout.</exception>
    public async Task<ScenarioResult> RunScenarioAsync(Scenario scenario, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(scenario);
        if ((scenario.GuildId, scenario.VoiceChannelId, scenario.TextChannelId, scenario.BotUserId)
            != (GuildId, VoiceChannelId, TextChannelId, BotUserId))
        {
            throw new ArgumentException(
                "The scenario's guild, channels and bot must be those of EmulatorOptions.Scenario.", nameof(scenario));
        }

        foreach (var member in scenario.Members)
        {
            _ = _members.ContainsKey(member.UserId) ? member
                : throw new ArgumentException(
                    $"Member {member.UserId} is not in the emulator's guild.", nameof(scenario));
        }

        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopping.Token);
        var ct = linked.Token;
        var restCallsBefore = RestCalls.Count;
        var voiceEventsBefore = VoiceEvents.Count;
        var framesBefore = FrameCounts();
        var recordAt = await BeginRecordingAsync(scenario, ct).ConfigureAwait(false);
        var start = Stopwatch.GetTimestamp();
        var startedAt = UtcNow;
        Log.Scenario(_logger, "timeline started");
        var hookErrors = new List<(string, Exception)>();
        var moves = scenario.Joins.Where(j => j.At >= TimeSpan.Zero)
            .Select(j => AtAsync(start, j.At, () => JoinVoiceAsync(j.UserId), ct))
            .Concat(scenario.Leaves.Select(l => AtAsync(start, l.At, () => LeaveVoiceAsync(l.UserId), ct)))
            .Concat(scenario.Hooks.Select(h => AtAsync(start, h.At, () => RunHookAsync(h, hookErrors, ct), ct)))
            .ToArray();
        var utterances = scenario.Utterances
            .Select(u => SpeakAtAsync(u.UserId, SpeechClip.Load(u.Clip), start + Ticks(u.At), ct)).ToArray();

        await WaitUntilAsync(start + Ticks(scenario.EndAt), ct).ConfigureAwait(false);
        Log.Scenario(_logger, "sending the end command");
        var endAt = await SendCommandAsync(scenario, "end").ConfigureAwait(false);
        var sent = await Task.WhenAll(utterances).ConfigureAwait(false);
        await Task.WhenAll(moves).ConfigureAwait(false);
        var left = await WaitForAsync(() => BotVoiceChannelId is null, scenario.BotTimeout, ct).ConfigureAwait(false);
        Log.Scenario(_logger, left ? "bot left voice" : "bot did not leave voice");
        var framesAfter = FrameCounts();
        return new ScenarioResult
        {
            TimelineStartedAt = startedAt,
            RecordCommandSentAt = recordAt,
            EndCommandSentAt = endAt,
            Utterances = [.. sent.OrderBy(u => u.FirstPacketSentAt)],
            RestCalls = [.. RestCalls.Skip(restCallsBefore)],
            VoiceEvents = [.. VoiceEvents.Skip(voiceEventsBefore)],
            BotLeftVoice = left,
            HookErrors = hookErrors,
            FramesSent = framesAfter.ToDictionary(f => f.Key, f => f.Value.Sent - framesBefore[f.Key].Sent),
            FramesWithoutKey = framesAfter.ToDictionary(f => f.Key,
                f => f.Value.WithoutKey - framesBefore[f.Key].WithoutKey),
            Dave = DaveStats,
            DaveProtocolVersion = BotDaveProtocolVersion,
        };
    }

    private Dictionary<ulong, (long Sent, long WithoutKey)> FrameCounts()
    {
        lock (_gate)
        {
            return _members.ToDictionary(m => m.Key, m => (m.Value.FramesSent, m.Value.FramesWithoutKey));
        }
    }

    /// <summary>
    /// Up to timeline t = 0: the bot identified, early members joined, the record command sent and the bot's
    /// voice session described. Returns when the record command was sent.
    /// </summary>
    private async Task<DateTimeOffset> BeginRecordingAsync(Scenario scenario, CancellationToken ct)
    {
        await RequireAsync(() => BotIdentified, scenario.BotTimeout, "the bot's gateway Identify", ct)
            .ConfigureAwait(false);
        foreach (var join in scenario.Joins.Where(j => j.At < TimeSpan.Zero).OrderBy(j => j.At))
        {
            await JoinVoiceAsync(join.UserId).ConfigureAwait(false);
        }

        if (scenario.Commands == CommandStyle.Slash)
        {
            // A bot registers its commands after READY; give it a moment, but send the command either way.
            var registered = () => RegisteredCommands.Values
                .Any(c => c.Contains("\"record\"", StringComparison.Ordinal));
            await WaitForAsync(registered, TimeSpan.FromSeconds(5), ct).ConfigureAwait(false);
        }

        Log.Scenario(_logger, "sending the record command");
        var recordAt = await SendCommandAsync(scenario, "record").ConfigureAwait(false);
        await RequireAsync(() => VoiceSessionEstablished && BotVoiceChannelId == scenario.VoiceChannelId,
            scenario.BotTimeout, "the bot's voice session", ct).ConfigureAwait(false);
        return recordAt;
    }

    private async Task RunHookAsync(ScenarioHook hook, List<(string, Exception)> errors, CancellationToken ct)
    {
        try
        {
            await hook.Action(this, ct).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            Log.HookFailed(_logger, e, hook.Name);
            lock (errors)
            {
                errors.Add((hook.Name, e));
            }
        }
    }

    /// <summary>
    /// Sends a command from a member: INTERACTION_CREATE (slash) or MESSAGE_CREATE "!name" (text).
    /// Returns the UTC time it was dispatched.
    /// </summary>
    public async Task<DateTimeOffset> SendCommandAsync(ulong userId, string name, CommandStyle style)
    {
        var at = UtcNow;
        if (style == CommandStyle.Text)
        {
            var message = new JsonObject
            {
                ["id"] = Id(NextSnowflake()), ["type"] = 0, ["channel_id"] = Id(TextChannelId),
                ["guild_id"] = Id(GuildId),
                ["author"] = UserJson(userId), ["member"] = MemberWithoutUser(userId), ["content"] = "!" + name,
                ["timestamp"] = at.ToString("O", System.Globalization.CultureInfo.InvariantCulture),
                ["edited_timestamp"] = null, ["tts"] = false, ["mention_everyone"] = false,
                ["mentions"] = new JsonArray(), ["mention_roles"] = new JsonArray(), ["attachments"] = new JsonArray(),
                ["embeds"] = new JsonArray(), ["pinned"] = false, ["flags"] = 0,
            };
            await DispatchCoreAsync("MESSAGE_CREATE", message).ConfigureAwait(false);
            return at;
        }

        var id = Id(NextSnowflake());
        var token = "aW50ZXJhY3Rpb246" + RandomHex(40);
        lock (_gate)
        {
            _interactions[id] = new InteractionState(token, at);
        }

        var interaction = new JsonObject
        {
            ["id"] = id, ["application_id"] = Id(ApplicationId), ["type"] = 2,
            ["data"] = new JsonObject
            {
                ["id"] = CommandId(name), ["name"] = name, ["type"] = 1, ["guild_id"] = Id(GuildId),
            },
            ["guild_id"] = Id(GuildId), ["channel_id"] = Id(TextChannelId),
            ["channel"] = new JsonObject
            {
                ["id"] = Id(TextChannelId), ["type"] = 0, ["name"] = _guild.TextChannelName,
            },
            ["member"] = MemberJson(userId), ["token"] = token, ["version"] = 1,
            ["app_permissions"] = "2248473465835073", ["locale"] = "en-US", ["guild_locale"] = "en-US",
            ["entitlements"] = new JsonArray(), ["context"] = 0,
            ["authorizing_integration_owners"] = new JsonObject { ["0"] = Id(GuildId) },
        };
        await DispatchCoreAsync("INTERACTION_CREATE", interaction).ConfigureAwait(false);
        return at;
    }

    private Task<DateTimeOffset> SendCommandAsync(Scenario scenario, string name) =>
        SendCommandAsync(scenario.RequesterId, name, scenario.Commands);

    private string CommandId(string name)
    {
        lock (_gate)
        {
            foreach (var list in _commands.Values)
            {
                var found = list.FirstOrDefault(c => c?["name"]?.GetValue<string>() == name);
                if (found?["id"]?.GetValue<string>() is { } id)
                {
                    return id;
                }
            }
        }

        return Id(NextSnowflake());
    }

    private JsonObject MemberWithoutUser(ulong userId)
    {
        var member = MemberJson(userId);
        member.Remove("user");
        return member;
    }

    private async Task RequireAsync(Func<bool> condition, TimeSpan timeout, string what, CancellationToken ct)
    {
        if (!await WaitForAsync(condition, timeout, ct).ConfigureAwait(false))
        {
            throw new TimeoutException($"Timed out after {timeout} waiting for {what}.");
        }
    }

    private static async Task AtAsync(long start, TimeSpan at, Func<Task> action, CancellationToken ct)
    {
        await WaitUntilAsync(start + Ticks(at), ct).ConfigureAwait(false);
        await action().ConfigureAwait(false);
    }

    private static long Ticks(TimeSpan span) => (long)(span.TotalSeconds * Stopwatch.Frequency);
}
