using System.Buffers.Binary;
using System.Text;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;
using Pandora.Mls.Crypto;
using Pandora.Mls.Schedule;

namespace Pandora.Emulator.Dave;

/// <summary>
/// The sending half of DAVE media encryption for one member in one epoch (protocol brief §4.10-4.11): the
/// per-sender hash ratchet seeded from the MLS exporter, AES-128-GCM with the tag truncated to 8 bytes, and the
/// protocol frame trailer. Written for the emulator, independent of the bot's decryptor. Thread safe.
/// </summary>
internal sealed class DaveFrameSealer
{
    /// <summary>The exporter label of DAVE sender keys.</summary>
    public const string ExporterLabel = "Discord Secure Frames v0";

    private const int TagLength = 8;

    private readonly Lock _lock = new();
    private byte[] _secret;
    private uint _secretGeneration;
    private byte[]? _key;
    private uint _keyGeneration = uint.MaxValue;
    private uint _nonce;

    /// <param name="baseSecret">Generation 0 of the ratchet (16 bytes from the exporter).</param>
    /// <param name="firstNonce">The truncated nonce of the first frame (libdave starts at 1).</param>
    public DaveFrameSealer(byte[] baseSecret, uint firstNonce = 1)
    {
        _secret = baseSecret;
        _nonce = firstNonce - 1;
    }

    /// <summary>Frames sealed so far.</summary>
    public long Sealed { get; private set; }

    /// <summary>The base secret of <paramref name="userId"/> from an epoch's exporter: the context is the user id
    /// as u64 little-endian (the credential uses big-endian; brief §4.10).</summary>
    public static byte[] BaseSecret(byte[] exporterSecret, ulong userId)
    {
        var context = new byte[8];
        BinaryPrimitives.WriteUInt64LittleEndian(context, userId);
        return EpochSecrets.Export(exporterSecret, Encoding.ASCII.GetBytes(ExporterLabel), context, 16);
    }

    /// <summary>The frame key of a generation: walks the ratchet forward (older generations are forgotten).</summary>
    public static byte[] KeyAt(byte[] baseSecret, uint generation)
    {
        var secret = baseSecret;
        for (uint g = 0; g < generation; g++)
        {
            secret = MlsCrypto.DeriveTreeSecret(secret, "secret", g, 32);
        }

        return MlsCrypto.DeriveTreeSecret(secret, "key", generation, 16);
    }

    /// <summary>
    /// Encrypts one Opus frame into a protocol frame: ciphertext ‖ 8-byte tag ‖ ULEB128 nonce ‖ (no ranges) ‖
    /// supplemental size ‖ FA FA. The silence frame F8 FF FE is returned unchanged.
    /// </summary>
    public byte[] Seal(ReadOnlySpan<byte> opus)
    {
        if (opus.SequenceEqual((ReadOnlySpan<byte>)[0xF8, 0xFF, 0xFE]))
        {
            return opus.ToArray();
        }

        uint nonce;
        byte[] key;
        lock (_lock)
        {
            nonce = ++_nonce;
            key = KeyFor(nonce >> 24);
            Sealed++;
        }

        return Seal(key, nonce, opus);
    }

    /// <summary>The protocol frame of <paramref name="plaintext"/> under a given key and truncated nonce.</summary>
    public static byte[] Seal(byte[] key, uint nonce, ReadOnlySpan<byte> plaintext)
    {
        var iv = new byte[12];
        BinaryPrimitives.WriteUInt32LittleEndian(iv.AsSpan(8), nonce);
        var gcm = new GcmBlockCipher(new AesEngine());
        gcm.Init(true, new AeadParameters(new KeyParameter(key), TagLength * 8, iv));
        var sealedBytes = new byte[gcm.GetOutputSize(plaintext.Length)];
        var written = gcm.ProcessBytes(plaintext.ToArray(), 0, plaintext.Length, sealedBytes, 0);
        gcm.DoFinal(sealedBytes, written);

        var uleb = Uleb128(nonce);
        var frame = new List<byte>(sealedBytes.Length + uleb.Length + 3);
        frame.AddRange(sealedBytes);
        frame.AddRange(uleb);
        frame.Add((byte)(TagLength + uleb.Length + 1 + 2));
        frame.Add(0xFA);
        frame.Add(0xFA);
        return [.. frame];
    }

    /// <summary>ULEB128: seven bits a byte, least significant first, high bit on all but the last.</summary>
    public static byte[] Uleb128(uint value)
    {
        var bytes = new List<byte>(5);
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }

    private byte[] KeyFor(uint generation)
    {
        if (_key is not null && _keyGeneration == generation)
        {
            return _key;
        }

        while (_secretGeneration < generation)
        {
            _secret = MlsCrypto.DeriveTreeSecret(_secret, "secret", _secretGeneration, 32);
            _secretGeneration++;
        }

        _key = MlsCrypto.DeriveTreeSecret(_secret, "key", generation, 16);
        _keyGeneration = generation;
        return _key;
    }
}
