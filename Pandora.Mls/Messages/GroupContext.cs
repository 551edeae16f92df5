using Pandora.Mls.Codec;
using Pandora.Mls.Crypto;

namespace Pandora.Mls.Messages;

/// <summary>GroupContext (RFC 9420 §8.1).</summary>
public sealed class GroupContext
{
    public ushort Version { get; init; } = 1;

    public ushort CipherSuite { get; init; } = MlsCrypto.CipherSuite;

    public byte[] GroupId { get; init; } = [];

    public ulong Epoch { get; init; }

    public byte[] TreeHash { get; init; } = [];

    public byte[] ConfirmedTranscriptHash { get; init; } = [];

    public List<Extension> Extensions { get; init; } = [];

    public static GroupContext Read(TlsReader r) => new()
    {
        Version = r.ReadU16(),
        CipherSuite = r.ReadU16(),
        GroupId = r.ReadOpaque(),
        Epoch = r.ReadU64(),
        TreeHash = r.ReadOpaque(),
        ConfirmedTranscriptHash = r.ReadOpaque(),
        Extensions = Extension.ReadList(r),
    };

    public void Write(TlsWriter w)
    {
        w.WriteU16(Version);
        w.WriteU16(CipherSuite);
        w.WriteOpaque(GroupId);
        w.WriteU64(Epoch);
        w.WriteOpaque(TreeHash);
        w.WriteOpaque(ConfirmedTranscriptHash);
        Extension.WriteList(w, Extensions);
    }

    public byte[] Encode() => TlsWriter.Encode(Write);
}
