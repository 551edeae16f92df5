using Pandora.Discord.Dave.Internal;

namespace Pandora.Discord.Dave;

/// <summary>
/// Decrypts one sender's DAVE frames (Discord DAVE protocol "Frame Decryption"; libdave <c>Decryptor</c>): keeps the
/// sender's key ratchet of each recent epoch, tries the newest first, widens the 8-bit generation past 255, rejects
/// replays with a window of up to <see cref="MaxMissingNonces"/> missing nonces, and erases a generation's key
/// <see cref="Retention"/> after a newer generation decrypted. Thread safe (one lock per sender).
/// </summary>
public sealed class DaveFrameDecryptor : IDisposable
{
    /// <summary>How long an older epoch's ratchet and an older generation's key stay usable (libdave: 10 s).</summary>
    public static readonly TimeSpan Retention = TimeSpan.FromSeconds(10);

    /// <summary>How far past the newest decrypted generation a frame may claim to be.</summary>
    public const uint MaxGenerationGap = 250;

    /// <summary>How many skipped nonces are remembered as still acceptable (late, not replayed).</summary>
    public const int MaxMissingNonces = 1000;

    /// <summary>The fastest a sender can use nonces (libdave: 50 audio + 2 × 60 video frames per second); bounds the
    /// generation a ratchet of a given age can have reached.</summary>
    public const int MaxFramesPerSecond = 170;

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly List<EpochKeys> _epochs = [];

    public DaveFrameDecryptor(TimeProvider? time = null)
    {
        _time = time ?? TimeProvider.System;
    }

    /// <summary>True while at least one ratchet is kept.</summary>
    public bool HasKeys
    {
        get
        {
            lock (_gate)
            {
                Cleanup(_time.GetUtcNow());
                return _epochs.Count > 0;
            }
        }
    }

    /// <summary>Installs the sender's ratchet of a new epoch; the previous ones stay for <see cref="Retention"/>.
    /// </summary>
    public void AddKeyRatchet(DaveKeyRatchet ratchet)
    {
        ArgumentNullException.ThrowIfNull(ratchet);
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            foreach (var epoch in _epochs)
            {
                epoch.ExpiresAt = Min(epoch.ExpiresAt, now + Retention);
            }

            _epochs.Add(new EpochKeys(ratchet, now));
        }
    }

    /// <summary>The sender left the group: every ratchet expires after <see cref="Retention"/>.</summary>
    public void Retire()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            foreach (var epoch in _epochs)
            {
                epoch.ExpiresAt = Min(epoch.ExpiresAt, now + Retention);
            }
        }
    }

    /// <summary>
    /// Decrypts <paramref name="frame"/> into <paramref name="output"/> (at least as long as the frame) and sets
    /// <paramref name="written"/>. Returns <see cref="DaveFrameResult.Silence"/> (output holds the frame) and
    /// <see cref="DaveFrameResult.NotProtocolFrame"/> (nothing written) without touching any key; the caller decides
    /// whether a plain frame may pass.
    /// </summary>
    public DaveFrameResult Decrypt(ReadOnlySpan<byte> frame, Span<byte> output, out int written)
    {
        written = 0;
        if (DaveFrameLayout.IsSilence(frame))
        {
            frame.CopyTo(output);
            written = frame.Length;
            return DaveFrameResult.Silence;
        }

        if (!DaveFrameLayout.TryParse(frame, out var layout))
        {
            return DaveFrameResult.NotProtocolFrame;
        }

        lock (_gate)
        {
            var now = _time.GetUtcNow();
            Cleanup(now);
            if (_epochs.Count == 0)
            {
                return DaveFrameResult.UnknownSender;
            }

            var result = DaveFrameResult.AuthenticationFailed;
            for (var i = _epochs.Count - 1; i >= 0; i--)
            {
                var attempt = _epochs[i].TryDecrypt(frame, layout, output, now);
                if (attempt == DaveFrameResult.Decrypted)
                {
                    written = layout.MediaLength;
                    return attempt;
                }

                // The newest epoch's reason wins, except that a replay anywhere is reported as a replay.
                if (i == _epochs.Count - 1 || attempt == DaveFrameResult.Replayed)
                {
                    result = attempt;
                }
            }

            return result;
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _epochs.ForEach(e => e.Dispose());
            _epochs.Clear();
        }
    }

    private void Cleanup(DateTimeOffset now)
    {
        for (var i = _epochs.Count - 1; i >= 0; i--)
        {
            if (_epochs[i].ExpiresAt <= now)
            {
                _epochs[i].Dispose();
                _epochs.RemoveAt(i);
            }
            else
            {
                _epochs[i].EraseExpiredGenerations(now);
            }
        }
    }

    private static DateTimeOffset Min(DateTimeOffset a, DateTimeOffset b) => a < b ? a : b;

    /// <summary>One epoch's ratchet with its generation bookkeeping and replay window.</summary>
    private sealed class EpochKeys(DaveKeyRatchet ratchet, DateTimeOffset created) : IDisposable
    {
        private readonly Dictionary<uint, TruncatedAesGcm> _ciphers = [];
        private readonly Dictionary<uint, DateTimeOffset> _generationExpiry = [];
        private readonly SortedSet<ulong> _missing = [];
        private uint _oldest;
        private uint _newest;
        private ulong? _newestNonce;

        public DateTimeOffset ExpiresAt { get; set; } = DateTimeOffset.MaxValue;

        public DaveFrameResult TryDecrypt(
            ReadOnlySpan<byte> frame,
            DaveFrameLayout layout,
            Span<byte> output,
            DateTimeOffset now)
        {
            // The nonce's top byte is the generation modulo 256; widen it relative to the oldest kept generation.
            var low = layout.Nonce >> 24;
            var generation = ((_oldest >> 8) + (low < (_oldest & 0xFF) ? 1u : 0u)) * 256 + low;
            var reachable = (ulong)(MaxFramesPerSecond * Math.Max(0, (now - created).TotalSeconds)) >> 24;
            if (generation > _newest + MaxGenerationGap || generation > reachable)
            {
                return DaveFrameResult.GenerationOutOfRange;
            }

            var big = ((ulong)generation << 24) | (layout.Nonce & 0xFFFFFF);
            if (_newestNonce is { } newest && big <= newest && !_missing.Contains(big))
            {
                return DaveFrameResult.Replayed;
            }

            var cipher = CipherFor(generation);
            if (cipher is null)
            {
                return DaveFrameResult.GenerationOutOfRange;
            }

            if (!Open(cipher, frame, layout, output))
            {
                return DaveFrameResult.AuthenticationFailed;
            }

            Accept(generation, big, now);
            return DaveFrameResult.Decrypted;
        }

        public void EraseExpiredGenerations(DateTimeOffset now)
        {
            while (_oldest < _newest && _generationExpiry.TryGetValue(_oldest, out var at) && at <= now)
            {
                _generationExpiry.Remove(_oldest);
                if (_ciphers.Remove(_oldest, out var cipher))
                {
                    cipher.Dispose();
                }

                ratchet.Erase(_oldest);
                _oldest++;
            }
        }

        public void Dispose()
        {
            foreach (var cipher in _ciphers.Values)
            {
                cipher.Dispose();
            }

            _ciphers.Clear();
        }

        private TruncatedAesGcm? CipherFor(uint generation)
        {
            if (_ciphers.TryGetValue(generation, out var cipher))
            {
                return cipher;
            }

            if (!ratchet.TryGetKey(generation, out var key))
            {
                return null;
            }

            cipher = new TruncatedAesGcm(key);
            _ciphers[generation] = cipher;
            return cipher;
        }

        private void Accept(uint generation, ulong big, DateTimeOffset now)
        {
            if (_newestNonce is not { } newest || big > newest)
            {
                var from = _newestNonce is { } n ? n + 1 : 0;
                if (big - from > MaxMissingNonces)
                {
                    from = big - MaxMissingNonces;
                }

                for (var x = from; x < big; x++)
                {
                    _missing.Add(x);
                }

                _newestNonce = big;
            }
            else
            {
                _missing.Remove(big);
            }

            while (_missing.Count > MaxMissingNonces)
            {
                _missing.Remove(_missing.Min);
            }

            if (generation > _newest)
            {
                for (var g = _oldest; g < generation; g++)
                {
                    _generationExpiry.TryAdd(g, now + Retention);
                }

                _newest = generation;
            }
        }

        private static bool Open(
            TruncatedAesGcm cipher,
            ReadOnlySpan<byte> frame,
            DaveFrameLayout layout,
            Span<byte> output)
        {
            Span<byte> nonce = stackalloc byte[TruncatedAesGcm.NonceLength];
            TruncatedAesGcm.ExpandNonce(layout.Nonce, nonce);
            var tag = frame.Slice(layout.TagOffset, TruncatedAesGcm.TagLength);
            var media = frame[..layout.MediaLength];
            if (!layout.HasRanges)
            {
                return cipher.TryOpen(nonce, media, tag, output[..media.Length], default);
            }

            return OpenInterleaved(cipher, nonce, media, tag, layout.Ranges(frame), output);
        }

        /// <summary>Frames with unencrypted ranges (video codecs): the ranges are the associated data, the rest is
        /// ciphertext, and the output re-interleaves both.</summary>
        private static bool OpenInterleaved(
            TruncatedAesGcm cipher,
            ReadOnlySpan<byte> nonce,
            ReadOnlySpan<byte> media,
            ReadOnlySpan<byte> tag,
            List<(int Offset, int Size)> ranges,
            Span<byte> output)
        {
            var aad = new byte[ranges.Sum(r => r.Size)];
            var ciphertext = new byte[media.Length - aad.Length];
            int a = 0, c = 0, position = 0;
            foreach (var (offset, size) in ranges)
            {
                media[position..offset].CopyTo(ciphertext.AsSpan(c));
                c += offset - position;
                media.Slice(offset, size).CopyTo(aad.AsSpan(a));
                a += size;
                position = offset + size;
            }

            media[position..].CopyTo(ciphertext.AsSpan(c));
            var plaintext = new byte[ciphertext.Length];
            if (!cipher.TryOpen(nonce, ciphertext, tag, plaintext, aad))
            {
                return false;
            }

            c = 0;
            position = 0;
            foreach (var (offset, size) in ranges)
            {
                plaintext.AsSpan(c, offset - position).CopyTo(output[position..]);
                c += offset - position;
                media.Slice(offset, size).CopyTo(output[offset..]);
                position = offset + size;
            }

            plaintext.AsSpan(c).CopyTo(output[position..]);
            return true;
        }
    }
}
