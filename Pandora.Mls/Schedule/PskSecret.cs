using Pandora.Mls.Codec;
using Pandora.Mls.Crypto;
using Pandora.Mls.Messages;

namespace Pandora.Mls.Schedule;

/// <summary>psk_secret from a list of pre-shared keys (RFC 9420 §8.4).</summary>
public static class PskSecret
{
    /// <summary>Chains the PSKs in order; an empty list gives the zero secret.</summary>
    public static byte[] Compute(IReadOnlyList<(PreSharedKeyId Id, byte[] Psk)> psks)
    {
        var secret = EpochSecrets.Zero;
        for (int i = 0; i < psks.Count; i++)
        {
            var extracted = MlsCrypto.Extract(EpochSecrets.Zero, psks[i].Psk);
            var label = TlsWriter.Encode(w =>
            {
                psks[i].Id.Write(w);
                w.WriteU16((ushort)i);
                w.WriteU16((ushort)psks.Count);
            });
            var input = MlsCrypto.ExpandWithLabel(extracted, "derived psk", label, MlsCrypto.HashLength);
            secret = MlsCrypto.Extract(input, secret);
        }

        return secret;
    }
}
