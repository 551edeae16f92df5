using Pandora.Mls.Crypto;
using Pandora.Mls.Group;

namespace Pandora.Discord.Dave;

/// <summary>
/// One sender's key ratchet for one epoch (Discord DAVE protocol "Sender Key Derivation"; RFC 9420 §9.1 hash
/// ratchet): <c>key_g = DeriveTreeSecret(secret_g, "key", g, 16)</c>,
/// <c>secret_{g+1} = DeriveTreeSecret(secret_g, "secret", g, 32)</c>, starting from the 16-byte exporter output.
/// Keys of skipped generations are kept until <see cref="Erase"/>; an erased or passed generation cannot come back.
/// Thread safe.
/// </summary>
public sealed class DaveKeyRatchet
{
    /// <summary>The exporter label of DAVE v1 sender keys.</summary>
    public const string ExporterLabel = "Discord Secure Frames v0";

    /// <summary>AES-128 frame keys.</summary>
    public const int KeyLength = 16;

    private readonly object _gate = new();
    private readonly Dictionary<uint, byte[]> _keys = [];
    private byte[] _secret;
    private uint _nextGeneration;

    /// <summary>Starts a ratchet from its base secret (16 bytes in DAVE; copied).</summary>
    public DaveKeyRatchet(ReadOnlySpan<byte> baseSecret)
    {
        _secret = baseSecret.ToArray();
    }

    /// <summary>The ratchet of <paramref name="userId"/> in the group's current epoch:
    /// <c>MLS-Exporter("Discord Secure Frames v0", u64 LE user id, 16)</c>.</summary>
    public static DaveKeyRatchet FromGroup(MlsGroup group, ulong userId)
    {
        ArgumentNullException.ThrowIfNull(group);
        return new DaveKeyRatchet(BaseSecret(group.Secrets.ExporterSecret, userId));
    }

    /// <summary>The ratchet base secret of a user from an exporter secret. Note the little-endian context: the
    /// credential carries the id big-endian (DAVE whitepaper 1.1.3 correction).</summary>
    public static byte[] BaseSecret(ReadOnlySpan<byte> exporterSecret, ulong userId)
    {
        Span<byte> context = stackalloc byte[8];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64LittleEndian(context, userId);
        return Mls.Schedule.EpochSecrets.Export(
            exporterSecret,
            System.Text.Encoding.ASCII.GetBytes(ExporterLabel),
            context,
            KeyLength);
    }

    /// <summary>The key of <paramref name="generation"/>, deriving forward as needed; false when that generation
    /// was erased or ratcheted past.</summary>
    public bool TryGetKey(uint generation, out byte[] key)
    {
        lock (_gate)
        {
            if (_keys.TryGetValue(generation, out key!))
            {
                return true;
            }

            if (generation < _nextGeneration)
            {
                key = [];
                return false;
            }

            while (_nextGeneration <= generation)
            {
                var g = _nextGeneration;
                _keys[g] = MlsCrypto.DeriveTreeSecret(_secret, "key", g, KeyLength);
                _secret = MlsCrypto.DeriveTreeSecret(_secret, "secret", g, MlsCrypto.HashLength);
                _nextGeneration++;
            }

            key = _keys[generation];
            return true;
        }
    }

    /// <summary>Forgets the key of <paramref name="generation"/> (forward secrecy for old frames).</summary>
    public void Erase(uint generation)
    {
        lock (_gate)
        {
            if (_keys.Remove(generation, out var key))
            {
                Array.Clear(key);
            }
        }
    }
}
