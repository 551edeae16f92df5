using Pandora.Mls.Codec;

namespace Pandora.Mls.Messages;

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
