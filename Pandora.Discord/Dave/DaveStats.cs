namespace Pandora.Discord.Dave;

/// <summary>A snapshot of a <see cref="DaveSession"/>'s counters and state.</summary>
public readonly record struct DaveStats
{
    /// <summary>The protocol version in effect (0 = transport encryption only).</summary>
    public int ProtocolVersion { get; init; }

    /// <summary>The MLS epoch, or null without an established group.</summary>
    public ulong? Epoch { get; init; }

    /// <summary>The 30-digit voice privacy code of the epoch, or empty without a group.</summary>
    public string PrivacyCode { get; init; }

    /// <summary>Frames decrypted, summed over speakers.</summary>
    public long FramesDecrypted { get; init; }

    /// <summary>Frames dropped, summed over speakers (every reason in <see cref="FailuresByReason"/>).</summary>
    public long FramesFailed { get; init; }

    /// <summary>Plain and silence frames handed on unchanged, summed over speakers.</summary>
    public long FramesPassedThrough { get; init; }

    /// <summary>Dropped frames by reason.</summary>
    public IReadOnlyDictionary<DaveFrameResult, long> FailuresByReason { get; init; }

    /// <summary>Counters per speaker (user id).</summary>
    public IReadOnlyDictionary<ulong, DaveSpeakerStats> Speakers { get; init; }

    /// <summary>Commits applied (ours and others').</summary>
    public long CommitsProcessed { get; init; }

    /// <summary>Welcomes through which we joined.</summary>
    public long WelcomesProcessed { get; init; }

    /// <summary>Commits we sent (op 28).</summary>
    public long CommitsSent { get; init; }

    /// <summary>Key packages we sent (op 26).</summary>
    public long KeyPackagesSent { get; init; }

    /// <summary>Messages rejected or ignored (see <see cref="DaveSession.Rejections"/>).</summary>
    public long MessagesRejected { get; init; }

    /// <summary>Recoveries: op 31 sent, state reset, new key package.</summary>
    public long Recoveries { get; init; }
}
