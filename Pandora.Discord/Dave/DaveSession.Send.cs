using System.Text.Json.Nodes;
using Pandora.Discord.Voice;
using Pandora.Mls;

namespace Pandora.Discord.Dave;

/// <summary>Sending (in order, one after the other) and the rejection log.</summary>
public sealed partial class DaveSession
{
    private const int RejectionsKept = 64;

    private readonly object _sendGate = new();
    private readonly Queue<DaveRejection> _rejections = new();
    private IVoiceGatewaySender? _sender;
    private Task _sendTail = Task.CompletedTask;
    private long _commitsProcessed;
    private long _welcomesProcessed;
    private long _commitsSent;
    private long _keyPackagesSent;
    private long _messagesRejected;
    private long _recoveries;

    private void SendBinary(VoiceOpcode opcode, byte[] payload) =>
        Enqueue(sender => sender.TrySendBinaryAsync(opcode, payload));

    private void SendJson(VoiceOpcode opcode, JsonNode data) =>
        Enqueue(sender => sender.TrySendJsonAsync(opcode, data));

    /// <summary>Chains sends so they leave in the order the protocol produced them (op 31 before op 26); a sender that
    /// completes synchronously sends before this returns.</summary>
    private void Enqueue(Func<IVoiceGatewaySender, ValueTask<bool>> send)
    {
        var sender = _sender;
        if (sender is null)
        {
            return;
        }

        lock (_sendGate)
        {
            _sendTail = SendAfterAsync(_sendTail, sender, send);
        }
    }

    private async Task SendAfterAsync(
        Task previous,
        IVoiceGatewaySender sender,
        Func<IVoiceGatewaySender, ValueTask<bool>> send)
    {
        await previous.ConfigureAwait(false);
        try
        {
            if (!await send(sender).ConfigureAwait(false))
            {
                Log.DaveSendFailed(_logger);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            Log.DaveSendFailed(_logger);
        }
    }

    private void Reject(
        VoiceOpcode opcode,
        DaveRejectionKind kind,
        MlsErrorKind? mlsKind,
        string reason,
        bool recovered = false)
    {
        var count = Interlocked.Increment(ref _messagesRejected);
        lock (_rejections)
        {
            _rejections.Enqueue(new DaveRejection(opcode, kind, mlsKind, reason, recovered));
            while (_rejections.Count > RejectionsKept)
            {
                _rejections.Dequeue();
            }
        }

        // Logged the first time and then at every power of two of the counter; recoveries log on their own.
        if ((count & (count - 1)) == 0)
        {
            Log.DaveRejected(_logger, (int)opcode, kind, mlsKind?.ToString() ?? "-", reason, count);
        }
    }
}
