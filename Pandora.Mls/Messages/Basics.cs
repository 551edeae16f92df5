using Pandora.Mls.Codec;

namespace Pandora.Mls.Messages;

/// <summary>Extension (RFC 9420 §7.2): a type and opaque data.</summary>
public sealed record Extension(ushort Type, byte[] Data)
{
    public static Extension Read(TlsReader r) => new(r.ReadU16(), r.ReadOpaque());

    public static List<Extension> ReadList(TlsReader r) => r.ReadList(Read);

    public static void WriteList(TlsWriter w, IReadOnlyList<Extension> list) =>
        w.WriteVector(list, (x, e) => e.Write(x));

    public void Write(TlsWriter w)
    {
        w.WriteU16(Type);
        w.WriteOpaque(Data);
    }
}

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

/// <summary>Capabilities (RFC 9420 §7.2). Unknown (GREASE) values are kept and ignored.</summary>
public sealed class Capabilities
{
    public List<ushort> Versions { get; init; } = [1];

    public List<ushort> CipherSuites { get; init; } = [2];

    public List<ushort> Extensions { get; init; } = [];

    public List<ushort> Proposals { get; init; } = [];

    public List<ushort> Credentials { get; init; } = [1];

    public static Capabilities Read(TlsReader r) => new()
    {
        Versions = ReadU16List(r),
        CipherSuites = ReadU16List(r),
        Extensions = ReadU16List(r),
        Proposals = ReadU16List(r),
        Credentials = ReadU16List(r),
    };

    public void Write(TlsWriter w)
    {
        WriteU16List(w, Versions);
        WriteU16List(w, CipherSuites);
        WriteU16List(w, Extensions);
        WriteU16List(w, Proposals);
        WriteU16List(w, Credentials);
    }

    internal static List<ushort> ReadU16List(TlsReader r) => r.ReadList(x => x.ReadU16());

    internal static void WriteU16List(TlsWriter w, List<ushort> list) => w.WriteVector(list, (x, v) => x.WriteU16(v));
}

/// <summary>HPKECiphertext (RFC 9420 §5.1.3).</summary>
public sealed record HpkeCiphertext(byte[] KemOutput, byte[] Ciphertext)
{
    public static HpkeCiphertext Read(TlsReader r) => new(r.ReadOpaque(), r.ReadOpaque());

    public void Write(TlsWriter w)
    {
        w.WriteOpaque(KemOutput);
        w.WriteOpaque(Ciphertext);
    }
}
