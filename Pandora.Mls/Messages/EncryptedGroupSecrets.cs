using Pandora.Mls.Codec;

namespace Pandora.Mls.Messages;

/// <summary>EncryptedGroupSecrets (RFC 9420 §12.4.3.1).</summary>
public sealed record EncryptedGroupSecrets(byte[] NewMember, HpkeCiphertext EncryptedSecrets)
{
    public static EncryptedGroupSecrets Read(TlsReader r) => new(r.ReadOpaque(), HpkeCiphertext.Read(r));

    public void Write(TlsWriter w)
    {
        w.WriteOpaque(NewMember);
        EncryptedSecrets.Write(w);
    }
}
