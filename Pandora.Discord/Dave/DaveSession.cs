using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pandora.Discord.Voice;
using Pandora.Mls;
using Pandora.Mls.Group;

namespace Pandora.Discord.Dave;

/// <summary>
/// One member's DAVE v1 session (brief §4; Discord DAVE protocol whitepaper 1.1.4 as libdave and davey implement
/// it): key packages, the external sender, proposals, commits (ours when we hold proposals: every member commits in
/// v1, so a bot alone still forms the group), Welcomes, prepare/execute transitions, recovery through op 31, per-sender
/// key ratchets and frame decryption, plus frame encryption for members that send (the emulator's).
/// Thread safe: gateway messages are serialized by one lock; frames are decrypted under per-sender locks.
/// </summary>
public sealed partial class DaveSession : IDaveSessionHook, IDisposable
{
    private readonly object _gate = new();
    private readonly ulong _userId;
    private readonly ulong _channelId;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<ulong, DaveFrameDecryptor> _decryptors = new();
    private readonly DaveFrameEncryptor _encryptor = new();

    /// <summary>Creates a session for <paramref name="userId"/> in the call of <paramref name="channelId"/> (the MLS
    /// group id is the channel id as 8 big-endian bytes). Nothing is sent before <see cref="Attach"/> and
    /// <see cref="OnSessionDescription"/>.</summary>
    public DaveSession(ulong userId, ulong channelId, ILogger? logger = null, TimeProvider? time = null)
    {
        _userId = userId;
        _channelId = channelId;
        _logger = logger ?? NullLogger.Instance;
        _time = time ?? TimeProvider.System;
        _recognized.Add(userId);
    }

    /// <summary>Our user id.</summary>
    public ulong UserId => _userId;

    /// <summary>The channel id (MLS group id).</summary>
    public ulong ChannelId => _channelId;

    /// <summary>The MLS group id: the channel id, 8 bytes big-endian.</summary>
    public byte[] GroupId => IdBytes(_channelId);

    /// <summary>The protocol version in effect (0 = pass-through).</summary>
    public int ProtocolVersion => Volatile.Read(ref _protocolVersion);

    /// <summary>True once we are a member of an established group (joined by Welcome or by our own commit).</summary>
    public bool IsEstablished
    {
        get
        {
            lock (_gate)
            {
                return _group is not null;
            }
        }
    }

    /// <summary>The epoch of the established group, else null.</summary>
    public ulong? Epoch
    {
        get
        {
            lock (_gate)
            {
                return _group?.Epoch;
            }
        }
    }

    /// <summary>Our leaf index in the established group, else null.</summary>
    public uint? LeafIndex
    {
        get
        {
            lock (_gate)
            {
                return _group?.LeafIndex;
            }
        }
    }

    /// <summary>The epoch authenticator of the established group (32 bytes), else null.</summary>
    public byte[]? EpochAuthenticator
    {
        get
        {
            lock (_gate)
            {
                return _group?.EpochAuthenticator.ToArray();
            }
        }
    }

    /// <summary>The 30-digit voice privacy code, empty without a group.</summary>
    public string PrivacyCode
    {
        get
        {
            var auth = EpochAuthenticator;
            return auth is null ? string.Empty : DisplayableCode.PrivacyCode(auth);
        }
    }

    /// <summary>The user ids in the established group (ourselves included), by leaf order.</summary>
    public IReadOnlyList<ulong> Members
    {
        get
        {
            lock (_gate)
            {
                return _group is null ? [] : [.. MemberIds(_group).Values];
            }
        }
    }

    /// <summary>Proposals cached for the next commit.</summary>
    public int PendingProposalCount
    {
        get
        {
            lock (_gate)
            {
                return (_group ?? _pendingGroup)?.PendingProposalCount ?? 0;
            }
        }
    }

    /// <summary>The last key package we sent (bare KeyPackage as in op 26), or null.</summary>
    public byte[]? KeyPackage
    {
        get
        {
            lock (_gate)
            {
                return _keyPackage?.KeyPackage.Encode();
            }
        }
    }

    /// <summary>The most recent rejections, newest last (at most 64 kept).</summary>
    public IReadOnlyList<DaveRejection> Rejections
    {
        get
        {
            lock (_rejections)
            {
                return [.. _rejections];
            }
        }
    }

    public void Attach(IVoiceGatewaySender sender)
    {
        ArgumentNullException.ThrowIfNull(sender);
        _sender = sender;
    }

    public void OnSessionDescription(int daveProtocolVersion)
    {
        lock (_gate)
        {
            if (daveProtocolVersion <= 0)
            {
                Log.DavePassthrough(_logger, _channelId);
                ResetMls();
                _encryptor.SetKeyRatchet(null);
                Volatile.Write(ref _protocolVersion, 0);
                return;
            }

            Volatile.Write(ref _protocolVersion, daveProtocolVersion);
            Volatile.Write(ref _passthroughUntilTicks, 0);
            Initialize(daveProtocolVersion);
        }
    }

    public void OnJsonMessage(int opcode, JsonElement data)
    {
        try
        {
            switch ((VoiceOpcode)opcode)
            {
                case VoiceOpcode.ClientsConnect:
                    OnClientsConnect(data.GetProperty("user_ids").EnumerateArray().Select(e => ulong.Parse(
                        e.GetString() ?? throw new FormatException("user id is not a string"),
                        System.Globalization.CultureInfo.InvariantCulture)));
                    break;

                case VoiceOpcode.ClientDisconnect:
                    OnClientDisconnect(ulong.Parse(
                        data.GetProperty("user_id").GetString() ?? throw new FormatException("user id is not a string"),
                        System.Globalization.CultureInfo.InvariantCulture));
                    break;

                case VoiceOpcode.DavePrepareTransition:
                    OnPrepareTransition(
                        data.GetProperty("transition_id").GetInt32(),
                        data.GetProperty("protocol_version").GetInt32());
                    break;

                case VoiceOpcode.DaveExecuteTransition:
                    OnExecuteTransition(data.GetProperty("transition_id").GetInt32());
                    break;

                case VoiceOpcode.DavePrepareEpoch:
                    OnPrepareEpoch(
                        data.GetProperty("protocol_version").GetInt32(),
                        data.GetProperty("epoch").GetUInt64(),
                        data.TryGetProperty("transition_id", out var t) && t.ValueKind == JsonValueKind.Number
                            ? t.GetInt32()
                            : null);
                    break;
            }
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or FormatException
            or OverflowException)
        {
            Reject((VoiceOpcode)opcode, DaveRejectionKind.Malformed, null, $"bad JSON fields: {ex.GetType().Name}");
        }
    }

    public void OnBinaryMessage(int opcode, ReadOnlySpan<byte> payload)
    {
        switch ((VoiceOpcode)opcode)
        {
            case VoiceOpcode.DaveMlsExternalSender:
                OnExternalSender(payload);
                break;

            case VoiceOpcode.DaveMlsProposals:
                OnProposals(payload);
                break;

            case VoiceOpcode.DaveMlsAnnounceCommitTransition:
                OnCommit(payload);
                break;

            case VoiceOpcode.DaveMlsWelcome:
                OnWelcome(payload);
                break;
        }
    }

    /// <summary>Op 11: these users are in the media session (recognized for Add proposals).</summary>
    public void OnClientsConnect(IEnumerable<ulong> userIds)
    {
        lock (_gate)
        {
            _recognized.UnionWith(userIds);
        }
    }

    /// <summary>Op 13: this user left; Adds for it are refused until it connects again.</summary>
    public void OnClientDisconnect(ulong userId)
    {
        lock (_gate)
        {
            if (userId != _userId)
            {
                _recognized.Remove(userId);
            }
        }
    }

    public void Dispose()
    {
        _encryptor.Dispose();
        foreach (var decryptor in _decryptors.Values)
        {
            decryptor.Dispose();
        }

        _decryptors.Clear();
    }

    internal static byte[] IdBytes(ulong id)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, id);
        return bytes;
    }

    /// <summary>Leaf index → user id (basic credential, 8 bytes big-endian) of every occupied leaf.</summary>
    private static SortedDictionary<uint, ulong> MemberIds(MlsGroup group)
    {
        var ids = new SortedDictionary<uint, ulong>();
        foreach (var leaf in group.Tree.OccupiedLeaves())
        {
            var identity = group.Tree.GetLeaf(leaf)!.Credential.Identity;
            if (identity.Length != 8)
            {
                throw new MlsException(
                    MlsErrorKind.BadLeafNode,
                    $"leaf {leaf} identity is {identity.Length} bytes, not an 8-byte user id");
            }

            ids[leaf] = BinaryPrimitives.ReadUInt64BigEndian(identity);
        }

        return ids;
    }
}
