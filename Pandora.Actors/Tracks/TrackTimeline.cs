using Pandora.Discord.Voice;

namespace Pandora.Actors.Tracks;

/// <summary>
/// Places one speaker's packets on the recording's timeline (48 kHz samples since the recording start).
/// The first packet sits at its arrival time minus its duration; later ones follow the RTP timestamp from an
/// anchor, so a lost packet leaves a gap and nothing after it moves. When RTP time and arrival time disagree by
/// more than the threshold (sender clock reset, new SSRC) the track is re-anchored on arrival time, never before
/// the end of what was already written. Two consequences of trusting RTP time below the threshold: a sender that
/// stops its RTP clock during a pause shorter than the threshold has that pause shortened on the track, and a
/// sender clock drifting against ours is corrected by one jump once the drift reaches the threshold.
/// Not thread-safe: one track actor uses it at a time; it lives outside the actor so that a restarted track keeps
/// its place.
/// </summary>
public sealed class TrackTimeline
{
    private readonly long _startTimestamp;
    private readonly long _timestampFrequency;
    private readonly long _reanchorSamples;
    private bool _anchored;
    private uint _anchorSsrc;
    private uint _anchorRtp;
    private long _anchorStart;
    private uint _lastRtp;
    private bool _hasCandidate;
    private uint _candidateSsrc;
    private uint _candidateRtp;
    private long _candidateStart;

    public TrackTimeline(long startTimestamp, long timestampFrequency, TimeSpan reanchorThreshold)
    {
        _startTimestamp = startTimestamp;
        _timestampFrequency = timestampFrequency;
        _reanchorSamples = (long)(reanchorThreshold.TotalSeconds * OpusPacket.SampleRate);
    }

    /// <summary>End (granule) of the last placed packet, in samples.</summary>
    public long LastEnd { get; private set; }

    /// <summary>Counters of this track, kept across restarts of its actor.</summary>
    public TrackCounters Counters;

    /// <summary>Samples between the recording start and <paramref name="timestamp"/> (a monotonic timestamp).
    /// </summary>
    public long ToSamples(long timestamp)
    {
        var ticks = (Int128)(timestamp - _startTimestamp);
        return (long)(ticks * OpusPacket.SampleRate / _timestampFrequency);
    }

    /// <summary>
    /// Sees a packet as it arrives, before the reorder window lets it be placed. Until a stream is anchored, every
    /// packet says where the stream's first packet would have started had it arrived without delay; the earliest
    /// of those is the anchor. A first packet held up (a busy receive loop, a network burst) would otherwise
    /// shift the speaker's whole track by its delay.
    /// </summary>
    public void Observe(in VoicePacket packet, int durationSamples)
    {
        if (_anchored && packet.Ssrc == _anchorSsrc)
        {
            return;
        }

        var arrivalStart = ToSamples(packet.ReceivedAt) - durationSamples;
        if (!_hasCandidate || packet.Ssrc != _candidateSsrc)
        {
            (_hasCandidate, _candidateSsrc, _candidateRtp, _candidateStart) =
                (true, packet.Ssrc, packet.Timestamp, arrivalStart);
            return;
        }

        var implied = arrivalStart - (int)(packet.Timestamp - _candidateRtp);
        if (implied < _candidateStart && _candidateStart - implied <= _reanchorSamples)
        {
            _candidateStart = implied;
        }
    }

    /// <summary>Gives the granule (end position) of <paramref name="packet"/>, or false when the packet lies
    /// before what was already written (a duplicate, or later than the reorder window allowed).</summary>
    public bool TryPlace(in VoicePacket packet, int durationSamples, out ulong granuleEnd)
    {
        var arrivalStart = ToSamples(packet.ReceivedAt) - durationSamples;
        long start;
        if (!_anchored || packet.Ssrc != _anchorSsrc)
        {
            var observed = _hasCandidate && _candidateSsrc == packet.Ssrc
                ? _candidateStart + (int)(packet.Timestamp - _candidateRtp)
                : arrivalStart;
            var anchorAt = Math.Abs(observed - arrivalStart) <= _reanchorSamples ? observed : arrivalStart;
            start = Reanchor(packet, Math.Max(anchorAt, 0));
            _hasCandidate = false;
        }
        else
        {
            // Wrap-aware: RTP timestamps are u32 and wrap every ~24.8 h at 48 kHz.
            start = _anchorStart + (int)(packet.Timestamp - _anchorRtp);
            if (Math.Abs(start - arrivalStart) > _reanchorSamples)
            {
                Counters = Counters with { Reanchors = Counters.Reanchors + 1 };
                start = Reanchor(packet, arrivalStart);
            }
            else if (start < LastEnd)
            {
                var duplicate = packet.Timestamp == _lastRtp;
                Counters = duplicate
                    ? Counters with { Duplicates = Counters.Duplicates + 1 }
                    : Counters with { Late = Counters.Late + 1 };
                granuleEnd = 0;
                return false;
            }
        }

        LastEnd = start + durationSamples;
        _lastRtp = packet.Timestamp;
        granuleEnd = (ulong)LastEnd;
        return true;
    }

    private long Reanchor(in VoicePacket packet, long arrivalStart)
    {
        var start = Math.Max(arrivalStart, LastEnd);
        _anchored = true;
        _anchorSsrc = packet.Ssrc;
        _anchorRtp = packet.Timestamp;
        _anchorStart = start;
        return start;
    }
}

/// <summary>What happened to one track's packets.</summary>
public readonly record struct TrackCounters(
    long Written,
    long Duplicates,
    long Late,
    long Malformed,
    long Reanchors,
    long WriteErrors);
