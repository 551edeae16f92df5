using Pandora.Discord.Dave.Internal;

namespace Pandora.Discord.Dave;

/// <summary>
/// Encrypts our own Opus frames for a DAVE group (Discord DAVE protocol "Frame Encryption"; the emulator's members
/// send with it): nonce = a counter starting at 1 per key ratchet, generation = nonce &gt;&gt; 24, AES-128-GCM with
/// the tag truncated to 8 bytes, no unencrypted ranges (Opus). The silence frame <c>F8 FF FE</c> is never
/// encrypted. Thread safe.
/// </summary>
public sealed class DaveFrameEncryptor : IDisposable
{
    /// <summary>Bytes a protocol frame adds at most to its media: tag, 5-byte nonce, size byte, marker.</summary>
    public const int MaxOverhead = TruncatedAesGcm.TagLength + 5 + 1 + 2;

    private readonly object _gate = new();
    private DaveKeyRatchet? _ratchet;
    private TruncatedAesGcm? _cipher;
    private uint _cipherGeneration;
    private ulong _counter;

    public DaveFrameEncryptor(DaveKeyRatchet? ratchet = null)
    {
        _ratchet = ratchet;
    }

    /// <summary>True once a key ratchet is set.</summary>
    public bool HasKey
    {
        get
        {
            lock (_gate)
            {
                return _ratchet is not null;
            }
        }
    }

    /// <summary>Switches to a new epoch's ratchet (at a transition's execution); the nonce counter restarts.</summary>
    public void SetKeyRatchet(DaveKeyRatchet? ratchet)
    {
        lock (_gate)
        {
            _ratchet = ratchet;
            _cipher?.Dispose();
            _cipher = null;
            _counter = 0;
        }
    }

    /// <summary>Encrypts <paramref name="frame"/> with the next nonce. The silence frame comes back unchanged; without
    /// a key ratchet this throws <see cref="InvalidOperationException"/> (callers that may send plain Opus in
    /// pass-through mode check <see cref="HasKey"/> first).</summary>
    public byte[] Encrypt(ReadOnlySpan<byte> frame)
    {
        if (DaveFrameLayout.IsSilence(frame))
        {
            return frame.ToArray();
        }

        lock (_gate)
        {
            if (_ratchet is null)
            {
                throw new InvalidOperationException("no DAVE key ratchet yet");
            }

            // The truncated nonce is the low 32 bits of the counter; the generation keeps counting past 255.
            var counter = ++_counter;
            var nonce = (uint)counter;
            var generation = (uint)(counter >> 24);
            if (_cipher is null || _cipherGeneration != generation)
            {
                if (!_ratchet.TryGetKey(generation, out var key))
                {
                    throw new InvalidOperationException($"generation {generation} is no longer available");
                }

                _cipher?.Dispose();
                _cipher = new TruncatedAesGcm(key);
                _cipherGeneration = generation;
                if (generation > 0)
                {
                    _ratchet.Erase(generation - 1);
                }
            }

            return Seal(_cipher, nonce, frame);
        }
    }

    /// <summary>Encrypts one frame with an explicit key and truncated nonce (known-answer tests, forged-frame
    /// tests). Stateless.</summary>
    public static byte[] EncryptWith(ReadOnlySpan<byte> key, uint nonce, ReadOnlySpan<byte> frame)
    {
        using var cipher = new TruncatedAesGcm(key.ToArray());
        return Seal(cipher, nonce, frame);
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _cipher?.Dispose();
            _cipher = null;
        }
    }

    private static byte[] Seal(TruncatedAesGcm cipher, uint nonce, ReadOnlySpan<byte> frame)
    {
        var nonceLength = Uleb128.SizeOf(nonce);
        var supplemental = TruncatedAesGcm.TagLength + nonceLength + 1 + 2;
        var output = new byte[frame.Length + supplemental];
        Span<byte> fullNonce = stackalloc byte[TruncatedAesGcm.NonceLength];
        TruncatedAesGcm.ExpandNonce(nonce, fullNonce);
        var tag = output.AsSpan(frame.Length, TruncatedAesGcm.TagLength);
        cipher.Seal(fullNonce, frame, output.AsSpan(0, frame.Length), tag, default);
        var position = frame.Length + TruncatedAesGcm.TagLength;
        position += Uleb128.Write(nonce, output.AsSpan(position));
        output[position++] = (byte)supplemental;
        output[position++] = DaveFrameLayout.MarkerByte;
        output[position] = DaveFrameLayout.MarkerByte;
        return output;
    }
}
