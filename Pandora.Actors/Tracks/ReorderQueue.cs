using Pandora.Discord.Voice;

namespace Pandora.Actors.Tracks;

/// <summary>
/// One speaker's packets waiting to be written, sorted by RTP timestamp then sequence number (both wrap-aware),
/// without duplicates. Lives outside <see cref="TrackActor"/> so that a restarted track keeps what was queued.
/// Not thread-safe: one track actor uses it at a time.
/// </summary>
public sealed class ReorderQueue
{
    private readonly List<QueuedPacket> _items = [];

    public int Count => _items.Count;

    public QueuedPacket First => _items[0];

    /// <summary>SSRC of the newest queued packet, when any.</summary>
    public uint? LastSsrc => _items.Count > 0 ? _items[^1].Packet.Ssrc : null;

    /// <summary>Inserts in order; false when the same packet is already queued.</summary>
    public bool TryEnqueue(QueuedPacket item)
    {
        var index = _items.Count;
        while (index > 0)
        {
            var order = Compare(item.Packet, _items[index - 1].Packet);
            if (order == 0)
            {
                return false;
            }

            if (order > 0)
            {
                break;
            }

            index--;
        }

        _items.Insert(index, item);
        return true;
    }

    public QueuedPacket Dequeue()
    {
        var item = _items[0];
        _items.RemoveAt(0);
        return item;
    }

    /// <summary>Wrap-aware order by RTP timestamp, then sequence number.</summary>
    private static int Compare(in VoicePacket a, in VoicePacket b)
    {
        var byTimestamp = (int)(a.Timestamp - b.Timestamp);
        return byTimestamp != 0 ? Math.Sign(byTimestamp) : Math.Sign((short)(a.Sequence - b.Sequence));
    }
}

/// <summary>A packet and its duration in 48 kHz samples (from its TOC byte).</summary>
public readonly record struct QueuedPacket(VoicePacket Packet, int Duration);
