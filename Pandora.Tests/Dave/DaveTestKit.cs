using System.Text.Json.Nodes;
using Pandora.Discord.Dave;
using Pandora.Discord.Voice;
using Pandora.Mls.Codec;
using Pandora.Mls.Crypto;
using Pandora.Mls.Group;
using Pandora.Mls.Messages;

namespace Pandora.Tests.Dave;

/// <summary>A clock the test moves by hand.</summary>
internal sealed class ManualTime : TimeProvider
{
    private DateTimeOffset _now = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}

/// <summary>One message a DAVE session sent on the voice gateway.</summary>
internal sealed record SentMessage(VoiceOpcode Opcode, byte[]? Binary, JsonNode? Json)
{
    public int TransitionId => Json!["transition_id"]!.GetValue<int>();
}

/// <summary>Records what a session sends; completes synchronously so sends are visible at once.</summary>
internal sealed class RecordingSender : IVoiceGatewaySender
{
    private readonly List<SentMessage> _sent = [];

    public IReadOnlyList<SentMessage> Sent
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    public List<SentMessage> Take(VoiceOpcode opcode)
    {
        lock (_sent)
        {
            var taken = _sent.Where(m => m.Opcode == opcode).ToList();
            _sent.RemoveAll(m => m.Opcode == opcode);
            return taken;
        }
    }

    public SentMessage? Last(VoiceOpcode opcode) => Sent.LastOrDefault(m => m.Opcode == opcode);

    public void Clear()
    {
        lock (_sent)
        {
            _sent.Clear();
        }
    }

    public ValueTask<bool> TrySendBinaryAsync(
        VoiceOpcode opcode,
        ReadOnlyMemory<byte> payload,
        CancellationToken cancellationToken = default)
    {
        lock (_sent)
        {
            _sent.Add(new SentMessage(opcode, payload.ToArray(), null));
        }

        return ValueTask.FromResult(true);
    }

    public ValueTask<bool> TrySendJsonAsync(
        VoiceOpcode opcode,
        JsonNode? data,
        CancellationToken cancellationToken = default)
    {
        lock (_sent)
        {
            _sent.Add(new SentMessage(opcode, null, data?.DeepClone()));
        }

        return ValueTask.FromResult(true);
    }
}

/// <summary>The voice gateway's external sender, in C#, for tests that need no davey.</summary>
internal sealed class TestExternalSender
{
    private readonly DaveExternalSender _sender = new();

    /// <summary>The op 25 payload.</summary>
    public byte[] Package => _sender.Package;

    /// <summary>An op 27 append payload (with its operation byte) and the proposal refs.</summary>
    public (byte[] Payload, List<byte[]> Refs) Propose(byte[] groupId, ulong epoch, params Proposal[] proposals)
    {
        var (payload, refs) = _sender.Propose(groupId, epoch, proposals);
        return (payload, [.. refs]);
    }

    /// <summary>An op 27 revoke payload.</summary>
    public static byte[] Revoke(IEnumerable<byte[]> refs) => DaveExternalSender.Revoke(refs);
}

internal static class DaveBytes
{
    /// <summary>Binary op payload with its u16 transition id.</summary>
    public static byte[] WithTransition(int transitionId, ReadOnlySpan<byte> body) =>
        [(byte)(transitionId >> 8), (byte)transitionId, .. body];

    public static byte[] Hex(string hex) => Convert.FromHexString(hex);
}
