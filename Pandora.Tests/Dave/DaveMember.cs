using Pandora.Discord.Dave;
using Pandora.Discord.Voice;
using Pandora.Mls.Codec;
using Pandora.Mls.Messages;

namespace Pandora.Tests.Dave;

/// <summary>A C# DAVE session with the sender that records its replies, as the tests' fake gateway sees it.</summary>
internal sealed class DaveMember : IDisposable
{
    public DaveMember(ulong userId, ulong channelId, TimeProvider? time = null)
    {
        UserId = userId;
        Session = new DaveSession(userId, channelId, time: time);
        Session.Attach(Sender);
    }

    public ulong UserId { get; }

    public DaveSession Session { get; }

    public RecordingSender Sender { get; } = new();

    /// <summary>The last key package sent (op 26).</summary>
    public byte[] KeyPackageBytes => Sender.Last(VoiceOpcode.DaveMlsKeyPackage)!.Binary!;

    public KeyPackage KeyPackage => TlsReader.DecodeAll(KeyPackageBytes, KeyPackage.Read);

    /// <summary>The last op 28, split into the commit MLSMessage and the Welcome (empty when none).</summary>
    public (byte[] Commit, byte[] Welcome) LastCommit()
    {
        return DaveExternalSender.SplitCommitWelcome(Sender.Last(VoiceOpcode.DaveMlsCommitWelcome)!.Binary!);
    }

    /// <summary>Starts the session like a voice connection does: op 4 with version 1, op 25, op 11.</summary>
    public DaveMember Start(byte[] externalSender, params ulong[] recognized)
    {
        Session.OnSessionDescription(1);
        Session.OnExternalSender(externalSender);
        Session.OnClientsConnect(recognized);
        return this;
    }

    public void Dispose() => Session.Dispose();
}
