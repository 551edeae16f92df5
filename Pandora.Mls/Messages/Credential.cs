using Pandora.Mls.Codec;

namespace Pandora.Mls.Messages;

/// <summary>Credential (RFC 9420 §5.3): basic (identity) or x509 (certificate chain).</summary>
public sealed class Credential
{
    public ushort CredentialType { get; init; } = 1;

    /// <summary>The identity of a basic credential.</summary>
    public byte[] Identity { get; init; } = [];

    /// <summary>The certificate chain of an x509 credential.</summary>
    public List<byte[]> Certificates { get; init; } = [];

    public static Credential Basic(byte[] identity) => new() { CredentialType = 1, Identity = identity };

    public static Credential Read(TlsReader r)
    {
        var type = r.ReadU16();
        return type switch
        {
            1 => new Credential { CredentialType = 1, Identity = r.ReadOpaque() },
            2 => new Credential { CredentialType = 2, Certificates = r.ReadList(x => x.ReadOpaque()) },
            _ => throw new MlsException(MlsErrorKind.InvalidValue, $"credential type {type}"),
        };
    }

    public void Write(TlsWriter w)
    {
        w.WriteU16(CredentialType);
        if (CredentialType == 1)
        {
            w.WriteOpaque(Identity);
        }
        else
        {
            w.WriteVector(Certificates, (x, c) => x.WriteOpaque(c));
        }
    }
}
