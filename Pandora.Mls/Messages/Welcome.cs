using Pandora.Mls.Codec;
using Pandora.Mls.Crypto;

namespace Pandora.Mls.Messages;

/// <summary>Welcome (RFC 9420 §12.4.3.1).</summary>
public sealed class Welcome
{
    public ushort CipherSuite { get; init; } = MlsCrypto.CipherSuite;

    public List<EncryptedGroupSecrets> Secrets { get; init; } = [];

    public byte[] EncryptedGroupInfo { get; init; } = [];

    public static Welcome Read(TlsReader r) => new()
    {
        CipherSuite = r.ReadU16(),
        Secrets = r.ReadList(EncryptedGroupSecrets.Read),
        EncryptedGroupInfo = r.ReadOpaque(),
    };

    public void Write(TlsWriter w)
    {
        w.WriteU16(CipherSuite);
        w.WriteVector(Secrets, (x, s) => s.Write(x));
        w.WriteOpaque(EncryptedGroupInfo);
    }

    public byte[] Encode() => TlsWriter.Encode(Write);
}
