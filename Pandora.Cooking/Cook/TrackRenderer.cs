using Concentus;
using Pandora.Cooking.Ogg;
using Pandora.Cooking.Raw;

namespace Pandora.Cooking.Cook;

/// <summary>
/// Turns one track's Opus packets into a continuous 48 kHz stereo PCM stream starting at sample 0, read in order
/// with <see cref="Read"/>. Each packet is placed by its granule (by default the END of the packet, so it starts
/// at granule minus its TOC duration; see <see cref="RawGranuleConvention"/>); gaps between packets come out as
/// silence at their place, so the track never changes speed.
/// <para>
/// Packets are pulled from the data file as the output advances and kept in a queue ordered by start (ties in
/// file order), read ahead until the file has reached <see cref="ReorderHorizon"/> past the output position. That
/// undoes any reordering smaller than the horizon (recorders reorder within a few hundred milliseconds) while
/// holding only seconds of packets. Overlaps: the audio placed first wins; a later packet that overlaps it, or
/// that turns up after its place was already output, loses its head (trimmed), and one wholly covered is
/// dropped (duplicates, packets sent backwards). A packet starting before 0 is trimmed the same way.
/// </para>
/// Not thread-safe. Opens its own pass over the data file on the first <see cref="Read"/>.
/// </summary>
internal sealed class TrackRenderer : IPcmSource, IDisposable
{
    /// <summary>Largest granule accepted: 48 hours at 48 kHz.</summary>
    public const ulong MaxGranule = 48UL * 3600 * 48_000;

    /// <summary>How far (in samples, 10 s) the file is read ahead of the output to catch reordered packets.
    /// </summary>
    public const long ReorderHorizon = 10 * 48_000;

    private const int Channels = 2;

    private readonly IEnumerable<RawAudioPacket> _packets;
    private readonly RawGranuleConvention _granules;
    private readonly PriorityQueue<Placed, (long Start, long Order)> _queue = new();
    private readonly IOpusDecoder _decoder;
    private readonly float[] _decoded = new float[OpusPacket.MaxSamples * Channels];
    private IEnumerator<RawAudioPacket>? _source;
    private bool _sourceDone;
    private long _pulled;
    private long _furthestStart = long.MinValue;
    private long _position;
    private long _covered;
    private long _pendingStart;
    private int _pendingOffset;
    private int _pendingCount;

    /// <param name="track">Track number.</param>
    /// <param name="packets">The track's packets in file order; enumerated once, lazily.</param>
    /// <param name="granules">What the granules mark.</param>
    public TrackRenderer(int track, IEnumerable<RawAudioPacket> packets, RawGranuleConvention granules)
    {
        Track = track;
        _packets = packets;
        _granules = granules;
        _decoder = OpusCodecFactory.CreateDecoder(48_000, Channels);
    }

    public int Track { get; }

    public int Packets { get; private set; }

    public int DroppedPackets { get; private set; }

    public int TrimmedPackets { get; private set; }

    public int InvalidPackets { get; private set; }

    /// <summary>
    /// Where a packet starts, in samples from the recording's start, and how long it is; false for packets the
    /// renderer leaves out: an unusable TOC, or a granule past <see cref="MaxGranule"/>, which no real recording
    /// reaches and which would otherwise make every track that long.
    /// </summary>
    public static bool TryPlace(RawAudioPacket packet, RawGranuleConvention granules, out long start, out int samples)
    {
        start = 0;
        if (!OpusPacket.TryGetSamples(packet.Packet.Span, out samples) || packet.Granule > MaxGranule)
        {
            return false;
        }

        start = (long)packet.Granule - (granules == RawGranuleConvention.PacketEnd ? samples : 0);
        return true;
    }

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

    /// <summary>Reads the rest of the track's packets so that the counters cover all of them; what was never
    /// placed counts as dropped.</summary>
    public void Finish()
    {
        Pull(long.MaxValue);
        DroppedPackets += _queue.Count;
        _queue.Clear();
    }

    public void Dispose()
    {
        _source?.Dispose();
        (_decoder as IDisposable)?.Dispose();
    }

    // Decodes the next packet that adds audio after what is already output; false when none is left.
    private bool DecodeNext()
    {
        while (true)
        {
            Pull(_position);
            if (!_queue.TryDequeue(out Placed packet, out _))
            {
                return false;
            }

            long floor = Math.Max(_covered, _position);
            if (packet.Start + packet.Samples <= floor)
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

            int skip = (int)Math.Max(0, floor - packet.Start);
            if (skip > 0 && packet.Start >= 0)
            {
                TrimmedPackets++;
            }

            if (decoded <= skip)
            {
                continue;
            }

            Packets++;
            _pendingStart = packet.Start + skip;
            _pendingOffset = skip;
            _pendingCount = decoded - skip;
            _covered = packet.Start + decoded;
            return true;
        }
    }

    // Reads the file on until a packet starting at least ReorderHorizon after `position` has been seen.
    private void Pull(long position)
    {
        long until = position > long.MaxValue - ReorderHorizon ? long.MaxValue : position + ReorderHorizon;
        _source ??= _packets.GetEnumerator();
        while (!_sourceDone && _furthestStart < until)
        {
            if (!_source.MoveNext())
            {
                _sourceDone = true;
                break;
            }

            RawAudioPacket packet = _source.Current;
            if (!TryPlace(packet, _granules, out long start, out int samples))
            {
                InvalidPackets++;
                continue;
            }

            _queue.Enqueue(new Placed(start, samples, packet.Packet), (start, _pulled++));
            _furthestStart = Math.Max(_furthestStart, start);
        }
    }

    private readonly record struct Placed(long Start, int Samples, ReadOnlyMemory<byte> Data);
}
