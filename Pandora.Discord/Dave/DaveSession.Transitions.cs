using Pandora.Discord.Voice;

namespace Pandora.Discord.Dave;

/// <summary>Transitions (brief §4.8): prepared ids, execution, pass-through windows, our sender key.</summary>
public sealed partial class DaveSession
{
    /// <summary>How long plain frames stay acceptable after an upgrade to DAVE executes (libdave, davey: 10 s).
    /// </summary>
    public static readonly TimeSpan UpgradePassthrough = TimeSpan.FromSeconds(10);

    private readonly Dictionary<int, int> _prepared = [];
    private int _protocolVersion;
    private int _lastExecutedTransition;
    private volatile bool _downgradePending;
    private long _passthroughUntilTicks;
    private DaveKeyRatchet? _nextOwnRatchet;

    /// <summary>Op 21: <paramref name="transitionId"/> will switch to <paramref name="version"/>. A downgrade opens
    /// pass-through at once; id 0 executes at once without op 23.</summary>
    public void OnPrepareTransition(int transitionId, int version)
    {
        lock (_gate)
        {
            _prepared[transitionId] = version;
            if (version == 0)
            {
                _downgradePending = true;
            }

            if (transitionId == 0)
            {
                Execute(0);
            }
            else
            {
                SendTransitionReady(transitionId);
            }
        }
    }

    /// <summary>Op 22: execute a prepared transition (unknown ids are ignored).</summary>
    public void OnExecuteTransition(int transitionId)
    {
        lock (_gate)
        {
            Execute(transitionId);
        }
    }

    /// <summary>Op 24: epoch 1 = a new group is being created (reset, new key package); a later epoch announces a
    /// protocol version change of the existing group.</summary>
    public void OnPrepareEpoch(int version, ulong epoch, int? transitionId = null)
    {
        lock (_gate)
        {
            if (epoch == 1)
            {
                ResetMls();
                Initialize(version);
                return;
            }

            if (transitionId is { } id)
            {
                _prepared[id] = version;
                if (id != 0)
                {
                    SendTransitionReady(id);
                }
            }
        }
    }

    /// <summary>After a commit or Welcome: every other member's new ratchet goes into its decryptor now (the old one
    /// stays for its grace period); ours waits for the transition to execute.</summary>
    private void OnNewEpoch(int transitionId)
    {
        _ourCommit = null;
        _removalOfUsPending = false;
        var group = _group!;
        var members = MemberIds(group);
        foreach (var user in members.Values.Where(u => u != _userId))
        {
            _decryptors.GetOrAdd(user, _ => new DaveFrameDecryptor(_time))
                .AddKeyRatchet(DaveKeyRatchet.FromGroup(group, user));
        }

        foreach (var (user, decryptor) in _decryptors)
        {
            if (!members.ContainsValue(user))
            {
                decryptor.Retire();
            }
        }

        _nextOwnRatchet = DaveKeyRatchet.FromGroup(group, _userId);
        _consecutiveFailures = 0;
        var code = DisplayableCode.PrivacyCode(group.EpochAuthenticator);
        Log.DaveEpoch(_logger, group.Epoch, transitionId, members.Count, code);
        _prepared[transitionId] = _mlsVersion;
        if (transitionId == 0)
        {
            Execute(0);
        }
        else
        {
            SendTransitionReady(transitionId);
        }
    }

    private void Execute(int transitionId)
    {
        if (!_prepared.Remove(transitionId, out var version))
        {
            return;
        }

        var previous = _protocolVersion;
        Volatile.Write(ref _protocolVersion, version);
        _lastExecutedTransition = transitionId;
        if (version == 0)
        {
            // Downgrade: MLS state is dropped, plain frames pass from now on.
            _downgradePending = false;
            ResetMls();
            _encryptor.SetKeyRatchet(null);
            Log.DaveTransition(_logger, transitionId, version, null, string.Empty);
            return;
        }

        if (previous == 0)
        {
            Volatile.Write(ref _passthroughUntilTicks, (_time.GetUtcNow() + UpgradePassthrough).UtcTicks);
        }

        if (_nextOwnRatchet is not null)
        {
            _encryptor.SetKeyRatchet(_nextOwnRatchet);
            _nextOwnRatchet = null;
        }

        var auth = _group?.EpochAuthenticator;
        Log.DaveTransition(
            _logger,
            transitionId,
            version,
            _group?.Epoch,
            auth is null ? string.Empty : DisplayableCode.PrivacyCode(auth));
    }

    private void SendTransitionReady(int transitionId) =>
        SendJson(VoiceOpcode.DaveTransitionReady, new System.Text.Json.Nodes.JsonObject
        {
            ["transition_id"] = transitionId,
        });

    /// <summary>Plain frames may pass with protocol version 0, while a downgrade is pending, and for a short window
    /// after an upgrade.</summary>
    private bool PassthroughAllowed() =>
        Volatile.Read(ref _protocolVersion) == 0
        || _downgradePending
        || _time.GetUtcNow().UtcTicks < Volatile.Read(ref _passthroughUntilTicks);

    /// <summary>Protocol version 0 outside any transition: nothing is end-to-end encrypted.</summary>
    private bool PlainCallOnly() => Volatile.Read(ref _protocolVersion) == 0 && !_downgradePending;
}
