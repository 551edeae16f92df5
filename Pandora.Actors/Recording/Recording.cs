using Pandora.Discord.Gateway;
using Pandora.Discord.Voice;

namespace Pandora.Actors.Recording;

/// <summary>What a recording is asked to record.</summary>
public sealed record RecordingRequest(
    ulong GuildId,
    string GuildName,
    ulong ChannelId,
    string ChannelName,
    DiscordUser Requester,
    ulong BotUserId,
    IReadOnlyDictionary<ulong, DiscordUser> KnownUsers);

/// <summary>Messages of <see cref="RecordingActor"/>. <see cref="VoiceStateUpdateEvent"/>s of its guild are sent to
/// it as they are; <see cref="VoiceServerUpdateEvent"/>s wrapped in <see cref="VoiceServer"/>.</summary>
public static class Recording
{
    /// <summary>A VOICE_SERVER_UPDATE of this guild; the wrapper keeps the voice token out of logs.</summary>
    public sealed record VoiceServer(VoiceServerUpdateEvent Event)
    {
        public override string ToString() =>
            "VoiceServer { GuildId = " + Event.GuildId + ", Endpoint = " + (Event.Endpoint ?? "null") + " }";
    }

    /// <summary>Stop recording, write everything, finalize. The parent gets <see cref="Finished"/>.</summary>
    public sealed record Stop(string Reason);

    /// <summary>To the parent: the voice connection is up, audio is being written.</summary>
    public sealed record Started(RecordingStarted Recording);

    /// <summary>To the parent: the recording could not start; it finalizes what it has and stops.</summary>
    public sealed record StartFailed(ulong GuildId, string? Id, string Reason);

    /// <summary>To the parent: the recording is finished and stored; the actor stops after sending it.</summary>
    public sealed record Finished(RecordingFinished Recording);

    internal sealed record JoinFailed(Exception Error);

    internal sealed record JoinTimedOut
    {
        public static readonly JoinTimedOut Instance = new();
    }

    internal sealed record Rejoin
    {
        public static readonly Rejoin Instance = new();
    }

    internal sealed record ConnectSucceeded(int Generation);

    internal sealed record ConnectFailed(int Generation, Exception Error);

    internal sealed record PacketReceived(VoicePacket Packet);

    internal sealed record VoiceEventReceived(int Generation, VoiceEvent Event);

    internal sealed record ConnectionClosed(int Generation);
}
