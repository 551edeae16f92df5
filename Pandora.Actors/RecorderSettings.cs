using Pandora.Cooking.Raw;

namespace Pandora.Actors;

/// <summary>Everything the actor layer needs besides the Discord clients. Immutable.</summary>
public sealed record RecorderSettings
{
    /// <summary>Folder where recordings are written while they run; one subfolder per recording id.</summary>
    public required string RecordingsFolder { get; init; }

    /// <summary>Folder acting as the object store: finished recordings are moved to
    /// <c>&lt;ObjectStoreFolder&gt;/&lt;id&gt;/</c> after their writer was disposed.</summary>
    public required string ObjectStoreFolder { get; init; }

    /// <summary>Makes the raw writer of one recording: (folder, info) → writer. The host passes the real
    /// <c>RawRecording.Create</c>; tests pass a fake.</summary>
    public required Func<string, RawRecordingInfo, IRawRecordingWriter> WriterFactory { get; init; }

    /// <summary>Prefix of text commands (<c>!record</c>, <c>!end</c>), like Pandora's COMMAND_PREFIX.</summary>
    public string CommandPrefix { get; init; } = "!";

    /// <summary>When true, <c>/record</c> and <c>/end</c> are not registered (Pandora's DISABLE_INTERACTIONS).
    /// Text commands keep working.</summary>
    public bool DisableInteractions { get; init; }

    /// <summary>How long a packet waits in its speaker's queue so that late neighbours can be sorted in
    /// before it is written.</summary>
    public TimeSpan ReorderWindow { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>A queue holding more than this many packets writes its oldest one whatever its age.</summary>
    public int ReorderWindowPackets { get; init; } = 8;

    /// <summary>RTP time and arrival time of a speaker may disagree by this much before the track is
    /// re-anchored on arrival time (sender clock reset, new SSRC after a reconnect).</summary>
    public TimeSpan ReanchorThreshold { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a recording waits for its VOICE_STATE_UPDATE and VOICE_SERVER_UPDATE and the voice
    /// connection before giving up.</summary>
    public TimeSpan JoinTimeout { get; init; } = TimeSpan.FromSeconds(20);

    /// <summary>Delay before joining again after a voice connection failed to connect.</summary>
    public TimeSpan RejoinDelay { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Wall clock and monotonic timestamps. <see cref="TimeProvider.GetTimestamp"/> must use the
    /// same units as <c>VoicePacket.ReceivedAt</c> (Stopwatch ticks for the system provider).</summary>
    public TimeProvider Clock { get; init; } = TimeProvider.System;
}
