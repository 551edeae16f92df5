using System.Buffers.Binary;
using System.Numerics;

namespace Pandora.Discord.Crypto;

/// <summary>
/// HChaCha20 (draft-irtf-cfrg-xchacha §2.2): derives a 32-byte subkey from a key and a 16-byte nonce.
/// </summary>
internal static class HChaCha20
{
    public const int KeySize = 32;
    public const int NonceSize = 16;

    /// <summary>Writes the 32-byte subkey into <paramref name="subkey"/>.</summary>
    public static void DeriveSubkey(ReadOnlySpan<byte> key, ReadOnlySpan<byte> nonce16, Span<byte> subkey)
    {
        if (key.Length != KeySize || nonce16.Length != NonceSize || subkey.Length < KeySize)
        {
            throw new ArgumentException("HChaCha20 needs a 32-byte key, a 16-byte nonce and 32 bytes of output.");
        }

        Span<uint> s = stackalloc uint[16];
        s[0] = 0x61707865;
        s[1] = 0x3320646e;
        s[2] = 0x79622d32;
        s[3] = 0x6b206574;
        for (var i = 0; i < 8; i++)
        {
            s[4 + i] = BinaryPrimitives.ReadUInt32LittleEndian(key[(i * 4)..]);
        }

        for (var i = 0; i < 4; i++)
        {
            s[12 + i] = BinaryPrimitives.ReadUInt32LittleEndian(nonce16[(i * 4)..]);
        }

        // 20 rounds, no feed-forward addition (that is what distinguishes HChaCha20 from the block function).
        for (var round = 0; round < 10; round++)
        {
            QuarterRound(s, 0, 4, 8, 12);
            QuarterRound(s, 1, 5, 9, 13);
            QuarterRound(s, 2, 6, 10, 14);
            QuarterRound(s, 3, 7, 11, 15);
            QuarterRound(s, 0, 5, 10, 15);
            QuarterRound(s, 1, 6, 11, 12);
            QuarterRound(s, 2, 7, 8, 13);
            QuarterRound(s, 3, 4, 9, 14);
        }

        for (var i = 0; i < 4; i++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(subkey[(i * 4)..], s[i]);
            BinaryPrimitives.WriteUInt32LittleEndian(subkey[(16 + (i * 4))..], s[12 + i]);
        }
    }

    private static void QuarterRound(Span<uint> s, int a, int b, int c, int d)
    {
        s[a] += s[b];
        s[d] = BitOperations.RotateLeft(s[d] ^ s[a], 16);
        s[c] += s[d];
        s[b] = BitOperations.RotateLeft(s[b] ^ s[c], 12);
        s[a] += s[b];
        s[d] = BitOperations.RotateLeft(s[d] ^ s[a], 8);
        s[c] += s[d];
        s[b] = BitOperations.RotateLeft(s[b] ^ s[c], 7);
    }
}
