using System.Buffers.Binary;
using System.Text.Json.Nodes;
using Pandora.Mls;
using Pandora.Mls.Codec;
using Pandora.Mls.Group;
using Pandora.Mls.Messages;

namespace Pandora.Emulator.Dave;

/// <summary>
/// An emulated member's DAVE client: its own signature key, key packages and <see cref="MlsGroup"/>. It parses the
/// bytes the gateway relays exactly as a client would (op 25, 27, 29, 30, 22), answers with op 26, 28, 23 or 31
/// through the gateway, and encrypts its Opus frames with the key of the last executed epoch.
/// </summary>
internal sealed class DaveMember : DaveParticipant
{
    private readonly DaveGateway _gateway;
    private readonly byte[] _groupId;
    private readonly bool _commits;
    private readonly Lock _lock = new();
    private byte[]? _externalSender;
    private KeyPackageBundle? _bundle;
    private MlsGroup? _group;
    private bool _established;
    private DaveFrameSealer? _sealer;

    public DaveMember(DaveGateway gateway, ulong userId, string name, byte[] groupId, bool commits)
        : base(userId, name)
    {
        _gateway = gateway;
        _groupId = groupId;
        _commits = commits;
    }

    /// <summary>The epoch whose key the member sends with, or null before its first executed transition.</summary>
    public ulong? SendingEpoch { get; private set; }

    /// <summary>The member's current MLS epoch (0 while pending).</summary>
    public ulong Epoch
    {
        get
        {
            lock (_lock)
            {
                return _group?.Epoch ?? 0;
            }
        }
    }

    /// <summary>Encrypts an Opus frame for sending; null when the member has no sender key yet (a real client
    /// sends nothing then). The silence frame stays plain.</summary>
    public byte[]? Seal(ReadOnlySpan<byte> opus)
    {
        DaveFrameSealer? sealer;
        lock (_lock)
        {
            sealer = _sealer;
        }

        if (opus.SequenceEqual((ReadOnlySpan<byte>)[0xF8, 0xFF, 0xFE]))
        {
            return opus.ToArray();
        }

        return sealer?.Seal(opus);
    }

    public override Task SendBinaryAsync(byte op, byte[] payload)
    {
        lock (_lock)
        {
            switch (op)
            {
                case 25:
                    _externalSender = payload;
                    NewKeyPackage();
                    break;
                case 27:
                    OnProposals(payload);
                    break;
                case 29:
                    OnCommit(payload);
                    break;
                case 30:
                    OnWelcome(payload);
                    break;
            }
        }

        return Task.CompletedTask;
    }

    public override Task SendJsonAsync(int op, JsonObject d)
    {
        if (op == 24 && d["epoch"]?.GetValue<int>() == 1)
        {
            // Op 24 epoch 1: the group is (re)created; reset and send a new key package. No key until welcomed.
            lock (_lock)
            {
                _sealer = null;
                SendingEpoch = null;
                NewKeyPackage();
            }
        }

        if (op == 22)
        {
            lock (_lock)
            {
                if (_established && _group is not null)
                {
                    // Op 22: senders switch to the new epoch's key only now (brief §4.8).
                    var secret = DaveFrameSealer.BaseSecret(_group.Secrets.ExporterSecret, UserId);
                    _sealer = new DaveFrameSealer(secret);
                    SendingEpoch = _group.Epoch;
                }
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>Resets to a fresh pending group with a new key package (op 26), as after op 4 or op 31.</summary>
    private void NewKeyPackage()
    {
        var identity = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(identity, UserId);
        _bundle = KeyPackageBundle.Create(identity);
        var senders = TlsReader.DecodeAll(_externalSender!, r => ExternalSender.Read(r));
        _group = MlsGroup.Create(_groupId, _bundle, [ExternalSender.ToExtension([senders])]);
        _established = false;
        _gateway.Post(new DaveGateway.KeyPackageEvent(this, _bundle.KeyPackage.Encode()));
    }

    // Op 27 append: u8 0 ‖ proposal_messages<V>; revoke: u8 1 ‖ proposal_refs<V> (each ref opaque<V>).
    private void OnProposals(byte[] payload)
    {
        if (_group is null || payload.Length == 0)
        {
            return;
        }

        if (payload[0] == 1)
        {
            var refs = TlsReader.DecodeAll(payload.AsMemory(1), r => r.ReadVector(v =>
            {
                var list = new List<byte[]>();
                while (v.Remaining > 0)
                {
                    list.Add(v.ReadOpaque());
                }

                return list;
            }));
            foreach (var reference in refs)
            {
                _group.RevokeProposal(reference);
            }

            _group.DiscardPendingCommit();
            return;
        }

        try
        {
            var r = new TlsReader(payload.AsMemory(1));
            var messages = r.ReadVector(v =>
            {
                var list = new List<MlsMessage>();
                while (v.Remaining > 0)
                {
                    list.Add(MlsMessage.Read(v));
                }

                return list;
            });
            foreach (var message in messages)
            {
                _group.ReceiveProposal(message);
            }

            if (_commits)
            {
                var output = _group.Commit(options: new CommitOptions(ForcePath: false));
                var commit = output.Commit.Encode();
                var welcome = output.Welcome?.Encode() ?? [];
                _gateway.Post(new DaveGateway.CommitEvent(this, [.. commit, .. welcome]));
            }
        }
        catch (MlsException)
        {
            // A proposal we cannot follow: the commit that uses it will fail too and trigger op 31.
        }
    }

    // Op 29: u16 transition_id ‖ MLSMessage commit.
    private void OnCommit(byte[] payload)
    {
        var transition = BinaryPrimitives.ReadUInt16BigEndian(payload);
        try
        {
            var group = _group ?? throw new MlsException(MlsErrorKind.BadCommit, "a commit before any group");
            group.ProcessCommit(MlsMessage.Decode(payload.AsMemory(2)));
            _established = true;
            _gateway.Post(new DaveGateway.ReadyEvent(this, transition));
        }
        catch (MlsException e) when (e.Kind == MlsErrorKind.Removed)
        {
            _established = false;
        }
        catch (MlsException)
        {
            // Op 31, reset, new key package (brief §4.9).
            _gateway.Post(new DaveGateway.InvalidEvent(this, transition));
            NewKeyPackage();
        }
    }

    // Op 30: u16 transition_id ‖ Welcome.
    private void OnWelcome(byte[] payload)
    {
        var transition = BinaryPrimitives.ReadUInt16BigEndian(payload);
        try
        {
            var welcome = TlsReader.DecodeAll(payload.AsMemory(2), Welcome.Read);
            var bundle = _bundle ?? throw new MlsException(MlsErrorKind.NotForUs, "a welcome before any key package");
            var group = MlsGroup.Join(welcome, bundle);
            var senders = group.ExternalSenders;
            if (senders.Count != 1 || !Encode(senders[0]).AsSpan().SequenceEqual(_externalSender))
            {
                throw new MlsException(MlsErrorKind.InvalidValue, "the welcome's external sender is not the gateway's");
            }

            _group = group;
            _established = true;
            _gateway.Post(new DaveGateway.ReadyEvent(this, transition));
        }
        catch (MlsException)
        {
            _gateway.Post(new DaveGateway.InvalidEvent(this, transition));
            NewKeyPackage();
        }
    }

    private static byte[] Encode(ExternalSender sender) => TlsWriter.Encode(sender.Write);
}
