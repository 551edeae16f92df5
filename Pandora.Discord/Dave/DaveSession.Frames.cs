using System.Collections.Concurrent;
using Pandora.Discord.Dave.Internal;
using Pandora.Discord.Voice;

namespace Pandora.Discord.Dave;

/// <summary>Frames: decryption for every speaker, encryption of our own, and their counters.</summary>
public sealed partial class DaveSession
{
    /// <summary>Consecutive undecryptable frames after which the state is taken as broken and recovered through op 31
    /// (discord.js's heuristic).</summary>
    public const int FailuresBeforeRecovery = 36;

    private readonly ConcurrentDictionary<ulong, SpeakerCounters> _speakers = new();
    private readonly ConcurrentDictionary<DaveFrameResult, long> _failures = new();
    private int _consecutiveFailures;

    /// <summary>
    /// Turns a transport-decrypted frame of <paramref name="userId"/> into Opus: decrypts DAVE frames, passes the
    /// silence frame, and passes plain frames only where the protocol allows them. False drops the frame (it is
    /// counted).
    /// </summary>
    public bool TryDecryptFrame(ulong userId, ReadOnlyMemory<byte> frame, out ReadOnlyMemory<byte> opus)
    {
        var result = DecryptFrame(userId, frame.Span, out var plain);
        opus = result switch
        {
            DaveFrameResult.Decrypted => plain,
            DaveFrameResult.PassedThrough or DaveFrameResult.Silence => frame,
            _ => ReadOnlyMemory<byte>.Empty,
        };
        return result is DaveFrameResult.Decrypted or DaveFrameResult.PassedThrough or DaveFrameResult.Silence;
    }

    /// <summary>Like <see cref="TryDecryptFrame"/> but returns what happened; <paramref name="plain"/> is the
    /// decrypted frame (a new array) when the result is <see cref="DaveFrameResult.Decrypted"/>.</summary>
    public DaveFrameResult DecryptFrame(ulong userId, ReadOnlySpan<byte> frame, out byte[] plain)
    {
        plain = [];
        DaveFrameResult result;
        if (_decryptors.TryGetValue(userId, out var decryptor))
        {
            byte[]? rented = null;
            Span<byte> output = frame.Length <= 2048
                ? stackalloc byte[frame.Length]
                : (rented = System.Buffers.ArrayPool<byte>.Shared.Rent(frame.Length)).AsSpan(0, frame.Length);
            result = decryptor.Decrypt(frame, output, out var written);
            if (result == DaveFrameResult.Decrypted)
            {
                plain = output[..written].ToArray();
            }

            output.Clear();
            if (rented is not null)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(rented);
            }
        }
        else if (DaveFrameLayout.IsSilence(frame))
        {
            result = DaveFrameResult.Silence;
        }
        else
        {
            result = DaveFrameLayout.TryParse(frame, out _)
                ? DaveFrameResult.UnknownSender
                : DaveFrameResult.NotProtocolFrame;
        }

        if (result == DaveFrameResult.NotProtocolFrame && PassthroughAllowed())
        {
            result = DaveFrameResult.PassedThrough;
        }
        else if (result != DaveFrameResult.Decrypted && result != DaveFrameResult.Silence && PlainCallOnly())
        {
            // Without DAVE every frame is plain Opus, even one whose last bytes happen to look like a DAVE trailer.
            result = DaveFrameResult.PassedThrough;
        }

        Count(userId, result);
        return result;
    }

    /// <summary>True once our sender key of an executed epoch is in place.</summary>
    public bool CanEncrypt => _encryptor.HasKey;

    /// <summary>Encrypts one of our Opus frames with our sender key of the executed epoch (emulator members, a bot
    /// that speaks); the result is a new array. Without a key the frame goes out plain when the protocol allows plain
    /// frames (version 0, transition windows), else <see cref="InvalidOperationException"/> is thrown.</summary>
    public byte[] EncryptFrame(ReadOnlySpan<byte> opus) =>
        !_encryptor.HasKey && PassthroughAllowed() ? opus.ToArray() : _encryptor.Encrypt(opus);

    /// <summary>A snapshot of the counters and state.</summary>
    public DaveStats Stats
    {
        get
        {
            var speakers = _speakers.ToDictionary(s => s.Key, s => s.Value.Snapshot());
            var auth = EpochAuthenticator;
            return new DaveStats
            {
                ProtocolVersion = ProtocolVersion,
                Epoch = Epoch,
                PrivacyCode = auth is null ? string.Empty : DisplayableCode.PrivacyCode(auth),
                FramesDecrypted = speakers.Values.Sum(s => s.Decrypted),
                FramesFailed = speakers.Values.Sum(s => s.Failed),
                FramesPassedThrough = speakers.Values.Sum(s => s.PassedThrough),
                FailuresByReason = _failures.ToDictionary(f => f.Key, f => f.Value),
                Speakers = speakers,
                CommitsProcessed = Interlocked.Read(ref _commitsProcessed),
                WelcomesProcessed = Interlocked.Read(ref _welcomesProcessed),
                CommitsSent = Interlocked.Read(ref _commitsSent),
                KeyPackagesSent = Interlocked.Read(ref _keyPackagesSent),
                MessagesRejected = Interlocked.Read(ref _messagesRejected),
                Recoveries = Interlocked.Read(ref _recoveries),
            };
        }
    }

    private void Count(ulong userId, DaveFrameResult result)
    {
        var counters = _speakers.GetOrAdd(userId, _ => new SpeakerCounters());
        switch (result)
        {
            case DaveFrameResult.Decrypted:
                Interlocked.Increment(ref counters.Decrypted);
                Interlocked.Exchange(ref _consecutiveFailures, 0);
                return;

            case DaveFrameResult.PassedThrough or DaveFrameResult.Silence:
                Interlocked.Increment(ref counters.PassedThrough);
                return;
        }

        Interlocked.Increment(ref counters.Failed);
        _failures.AddOrUpdate(result, 1, (_, n) => n + 1);
        if (result is DaveFrameResult.AuthenticationFailed or DaveFrameResult.UnknownSender
            && Interlocked.Increment(ref _consecutiveFailures) > FailuresBeforeRecovery)
        {
            RecoverFromFrameFailures();
        }
    }

    /// <summary>Many failures in a row outside a pending transition: our group state is probably broken, so
    /// recover with the last executed transition id.</summary>
    private void RecoverFromFrameFailures()
    {
        lock (_gate)
        {
            if (_group is null
                || _prepared.Count > 0
                || Volatile.Read(ref _consecutiveFailures) <= FailuresBeforeRecovery)
            {
                return;
            }

            Interlocked.Exchange(ref _consecutiveFailures, 0);
            Recover(
                VoiceOpcode.DaveMlsInvalidCommitWelcome,
                _lastExecutedTransition,
                new Mls.MlsException(
                    Mls.MlsErrorKind.DecryptionFailed,
                    $"more than {FailuresBeforeRecovery} frames in a row failed to decrypt"));
        }
    }

    private sealed class SpeakerCounters
    {
        public long Decrypted;
        public long Failed;
        public long PassedThrough;

        public DaveSpeakerStats Snapshot() =>
            new(Interlocked.Read(ref Decrypted), Interlocked.Read(ref Failed), Interlocked.Read(ref PassedThrough));
    }
}
