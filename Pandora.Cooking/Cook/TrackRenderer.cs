using Concentus;
using Pandora.Cooking.Ogg;
using Pandora.Cooking.Raw;

namespace Pandora.Cooking.Cook;

/// <summary>
/// Turns one track's Opus packets into a continuous 48 kHz stereo PCM stream starting at sample 0, read in order
/// with <see cref="Read"/>. Each packet is placed by its granule (by default the END of the packet, so it starts
/// at granule minus its TOC duration; see <see cref="RawGranuleConvention"/>); gaps between packets come out as
/// silence at their place, so the track never changes speed. Packets are sorted by start first, which undoes
/// reordering in the file. Overlaps: the audio placed first (earlier start; on a tie, earlier in the file) wins;
/// a later packet that overlaps it loses its head (trimmed), one wholly covered by it is dropped (duplicates,
/// packets sent backwards). A packet starting before 0 is trimmed the same way. Not thread-safe.
/// </summary>
internal sealed class TrackRenderer : IDisposable
{
    /// <summary>Largest granule accepted: 48 hours at 48 kHz.</summary>
    public const ulong MaxGranule = 48UL * 3600 * 48_000;

    private const int Channels = 2;

    private readonly List<Placed> _packets;
    private readonly IOpusDecoder _decoder;
    private readonly float[] _decoded = new float[OpusPacket.MaxSamples * Channels];
    private int _next;
    private long _position;
    private long _covered;
    private long _pendingStart;
    private int _pendingOffset;
    private int _pendingCount;

    public TrackRenderer(int track, IEnumerable<RawAudioPacket> packets, RawGranuleConvention granules)
    {
        Track = track;
        _packets = [];
        foreach (RawAudioPacket packet in packets)
        {
            if (!OpusPacket.TryGetSamples(packet.Packet.Span, out int samples))
            {
                InvalidPackets++;
                continue;
            }

            // A granule past two days cannot come from a real recording; trusting it would make every track
            // that long.
            if (packet.Granule > MaxGranule)
            {
                InvalidPackets++;
                continue;
            }

            long start = (long)packet.Granule - (granules == RawGranuleConvention.PacketEnd ? samples : 0);
            _packets.Add(new Placed(start, samples, packet.Packet));
        }

        // List.Sort is not stable; ties keep file order through the index.
        _packets = [.. _packets.Select((p, i) => (p, i)).OrderBy(x => x.p.Start).ThenBy(x => x.i).Select(x => x.p)];
        _decoder = OpusCodecFactory.CreateDecoder(48_000, Channels);
    }

    public int Track { get; }

    /// <summary>Latest end of a valid packet, in samples; 0 for a track without audio.</summary>
    public long End => _packets.Count == 0 ? 0 : _packets.Max(p => p.Start + p.Samples);

    public int Packets { get; private set; }

    public int DroppedPackets { get; private set; }

    public int TrimmedPackets { get; private set; }

    public int InvalidPackets { get; private set; }

    /// <summary>Fills <paramref name="stereo"/> (interleaved L/R, so frames = length / 2) with the next samples.
    /// </summary>
    public void Read(Span<float> stereo)
    {
        int frames = stereo.Length / Channels;
        int done = 0;
        while (done < frames)
        {
            if (_pendingCount == 0 && !DecodeNext())
            {
                stereo[(done * Channels)..].Clear(); // after the last packet: silence to the end
                _position += frames - done;
                return;
            }

            if (_pendingStart > _position)
            {
                int silence = (int)Math.Min(frames - done, _pendingStart - _position);
                stereo.Slice(done * Channels, silence * Channels).Clear(); // a gap: silence at its place
                done += silence;
                _position += silence;
                continue;
            }

            int take = Math.Min(frames - done, _pendingCount);
            _decoded.AsSpan(_pendingOffset * Channels, take * Channels).CopyTo(stereo[(done * Channels)..]);
            done += take;
            _position += take;
            _pendingStart += take;
            _pendingOffset += take;
            _pendingCount -= take;
        }
    }

    public void Dispose() => (_decoder as IDisposable)?.Dispose();

    // Decodes the next packet that adds audio after what is already placed; false when none is left.
    private bool DecodeNext()
    {
        while (_next < _packets.Count)
        {
            Placed packet = _packets[_next++];
            long end = packet.Start + packet.Samples;
            if (end <= _covered)
            {
                DroppedPackets++;
                continue;
            }

            int decoded;
            try
            {
                decoded = _decoder.Decode(packet.Data.Span, _decoded, OpusPacket.MaxSamples, false);
            }
            catch (Exception e) when (e is ArgumentException or InvalidOperationException or OpusException)
            {
                InvalidPackets++;
                continue;
            }

            long start = packet.Start;
            int skip = (int)Math.Max(0, _covered - start);
            if (skip > 0 && start >= 0)
            {
                TrimmedPackets++;
            }

            if (decoded <= skip)
            {
                continue;
            }

            Packets++;
            _pendingStart = start + skip;
            _pendingOffset = skip;
            _pendingCount = decoded - skip;
            _covered = start + decoded;
            return true;
        }

        return false;
    }

    private readonly record struct Placed(long Start, int Samples, ReadOnlyMemory<byte> Data);
}
