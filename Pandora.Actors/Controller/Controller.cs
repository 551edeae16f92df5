using Akka.Actor;
using Pandora.Discord.Gateway;

namespace Pandora.Actors.Controller;

/// <summary>Messages of <see cref="ControllerActor"/>, Ask-able by the host or a bus.</summary>
public static class Controller
{
    /// <summary>Start recording a guild. <paramref name="ChannelId"/> null means the requester's current voice
    /// channel. Answered with <see cref="RecordingStarted"/> or <see cref="StartFailed"/>.</summary>
    public sealed record StartRecording(ulong GuildId, ulong? ChannelId, ulong RequesterId);

    /// <summary>Stop a guild's recording. Answered with <see cref="RecordingFinished"/> once the files are in the
    /// store, or <see cref="StopFailed"/>.</summary>
    public sealed record StopRecording(ulong GuildId);

    /// <summary>Stop every running recording (for a graceful shutdown). Answered with
    /// <see cref="AllRecordingsStopped"/> once each one is finished or gone.</summary>
    public sealed record StopAllRecordings
    {
        public static readonly StopAllRecordings Instance = new();
    }

    public sealed record AllRecordingsStopped(IReadOnlyList<RecordingFinished> Recordings);

    public sealed record StartFailed(ulong GuildId, string Reason);

    public sealed record StopFailed(ulong GuildId, string Reason);

    internal sealed record GatewayEventReceived(GatewayEvent Event)
    {
        /// <summary>Interaction and voice tokens stay out of dead-letter and debug logs.</summary>
        public override string ToString() => "GatewayEventReceived { " + Event.GetType().Name + " }";
    }

    internal sealed record PumpEnded(Exception? Error);

    internal sealed record RestartPump
    {
        public static readonly RestartPump Instance = new();
    }

    internal sealed record RestFailed(string Call, Exception Error);

    /// <summary>Where the answer to a command goes.</summary>
    internal abstract record ReplyTarget;

    /// <summary>Edit of a deferred interaction reply, sent after the deferral completed.</summary>
    internal sealed record InteractionReply(ulong ApplicationId, string Token, Task Deferred) : ReplyTarget
    {
        public override string ToString() => "InteractionReply";
    }

    internal sealed record ChannelReply(ulong ChannelId) : ReplyTarget;

    internal sealed record AskReply(IActorRef Asker) : ReplyTarget;
}
