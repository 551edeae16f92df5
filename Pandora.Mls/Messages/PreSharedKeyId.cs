using Pandora.Mls.Codec;

namespace Pandora.Mls.Messages;

/// <summary>PreSharedKeyID (RFC 9420 §8.4).</summary>
public sealed class PreSharedKeyId
{
    public PskType PskType { get; init; } = PskType.External;

    public byte[] PskId { get; init; } = [];

    public byte Usage { get; init; }

    public byte[] PskGroupId { get; init; } = [];

    public ulong PskEpoch { get; init; }

    public byte[] PskNonce { get; init; } = [];

    public static PreSharedKeyId Read(TlsReader r)
    {
        var type = r.ReadU8();
        return type switch
        {
            1 => new PreSharedKeyId { PskType = PskType.External, PskId = r.ReadOpaque(), PskNonce = r.ReadOpaque() },
            2 => new PreSharedKeyId
            {
                PskType = PskType.Resumption,
                Usage = r.ReadU8(),
                PskGroupId = r.ReadOpaque(),
                PskEpoch = r.ReadU64(),
                PskNonce = r.ReadOpaque(),
            },
            _ => throw new MlsException(MlsErrorKind.InvalidValue, $"psk type {type}"),
        };
    }

    public void Write(TlsWriter w)
    {
        w.WriteU8((byte)PskType);
        if (PskType == PskType.External)
        {
            w.WriteOpaque(PskId);
        }
        else
        {
            w.WriteU8(Usage);
            w.WriteOpaque(PskGroupId);
            w.WriteU64(PskEpoch);
        }

        w.WriteOpaque(PskNonce);
    }
}
