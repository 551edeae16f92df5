using Pandora.Cooking.Raw;

namespace Pandora.Cooking.Cook;

/// <summary>
/// One recording loaded for cooking: its segments, its tracks merged across segments, and its length. Loading
/// reads each data file once, keeping no packets; each track later streams its own pass over the files.
/// </summary>
/// <remarks>
/// Segments: a recorder that restarts mid-recording cannot append to files it did not write, so it writes the
/// rest as a new raw recording named <c>&lt;id&gt;_s2</c>, then <c>&lt;id&gt;_s3</c> and so on, in the same
/// folder, each with its own info file whose <c>startTime</c> is when that segment began. Segments are found by
/// those exact names, in order, up to the first number missing. A segment is placed at its start time minus the
/// first segment's, so the pause between them stays silence at its place; when either start time is missing, or
/// the clock says it began before the previous segment, it follows the previous segment's end instead. Tracks are
/// matched across segments by the speaker's user id (by track number when the users file lacks it) and
/// numbered in the order speakers were first heard. Our recorder does not write segments yet (a recording actor
/// that restarts keeps its writer, and one that stops ends the recording), so today only hand-made or imported
/// recordings have them.
/// </remarks>
internal sealed class Session
{
    /// <summary>Most segments read; a restarting recorder that passes this has a problem of its own.</summary>
    public const int MaxSegments = 64;

    // A recording's declared end is trusted up to a week; beyond that the info file is damaged.
    private const long MaxEndSamples = 48_000L * 3600 * 24 * 7;

    private Session(string id, List<Segment> segments, List<SessionTrack> tracks)
    {
        Id = id;
        Segments = segments;
        Tracks = tracks;
        Samples = segments.Count == 0 ? 0 : segments.Max(s => s.Offset + s.Samples);
        Reader = segments.Select(s => s.Stats).Aggregate(default(RawReaderStats), (a, b) => new RawReaderStats(
            a.AudioPackets + b.AudioPackets, a.ReferencePages + b.ReferencePages, a.ForeignPages + b.ForeignPages,
            a.CorruptPages + b.CorruptPages, a.SkippedBytes + b.SkippedBytes));
    }

    public string Id { get; }

    public IReadOnlyList<Segment> Segments { get; }

    public IReadOnlyList<SessionTrack> Tracks { get; }

    /// <summary>The first segment's info file, or null.</summary>
    public RawRecordingMetadata? Info => Segments[0].Reader.Info;

    public RawReaderStats Reader { get; }

    /// <summary>The recording's length: the latest end over all segments, a segment's end being where its
    /// recorder says it stopped (<c>endSamples</c>) or its latest packet end, whichever is later.</summary>
    public long Samples { get; }

    /// <param name="granules">What the granules mark; null tells by the recorder of each segment.</param>
    /// <exception cref="RawRecordingException">The first segment is missing or invalid.</exception>
    public static Session Load(string directory, string id, RawGranuleConvention? granules)
    {
        var segments = new List<Segment>();
        RawRecordingReader first = RawRecording.Open(directory, id);
        segments.Add(Scan(first, 0, granules ?? first.Granules));
        for (int n = 2; n <= MaxSegments; n++)
        {
            string segmentId = $"{id}_s{n}";
            if (segmentId.Length > RawRecordingFiles.MaxIdLength ||
                !File.Exists(Path.Combine(first.Directory, segmentId + RawRecordingFiles.Header1)))
            {
                break;
            }

            RawRecordingReader reader = RawRecording.Open(first.Directory, segmentId);
            segments.Add(Scan(reader, OffsetOf(reader, segments), granules ?? reader.Granules));
        }

        return new Session(id, segments, MergeTracks(segments));
    }

    /// <summary>A new renderer of track <paramref name="index"/> (0-based), streaming all its segments.</summary>
    public TrackRenderer OpenRenderer(int index)
    {
        SessionTrack track = Tracks[index];
        return new TrackRenderer(track.Number, PacketsOf(track), RawGranuleConvention.PacketEnd);
    }

    /// <summary>Every packet of the track, its granule moved by its segment's offset and turned into the packet's
    /// end, so one renderer places packets of segments written by different recorders alike.</summary>
    public static IEnumerable<RawAudioPacket> PacketsOf(SessionTrack track)
    {
        foreach ((Segment segment, int number) in track.Parts)
        {
            foreach (RawAudioPacket packet in segment.Reader.ReadPackets(number))
            {
                ulong granule = packet.Granule + (ulong)segment.Offset;
                if (segment.Granules == RawGranuleConvention.PacketStart &&
                    Ogg.OpusPacket.TryGetSamples(packet.Packet.Span, out int samples))
                {
                    granule += (ulong)samples;
                }

                yield return packet with { Track = track.Number, Granule = granule };
            }
        }
    }

    private static Segment Scan(RawRecordingReader reader, long offset, RawGranuleConvention granules)
    {
        long samples = 0;
        foreach (RawAudioPacket packet in reader.ReadPackets())
        {
            if (TrackRenderer.TryPlace(packet, granules, out long start, out int length))
            {
                samples = Math.Max(samples, start + length);
            }
        }

        if (reader.Info?.EndSamples is { } end && end <= MaxEndSamples)
        {
            samples = Math.Max(samples, end);
        }

        return new Segment(reader, offset, samples, reader.LastStats, granules);
    }

    private static long OffsetOf(RawRecordingReader reader, List<Segment> before)
    {
        Segment previous = before[^1];
        long afterPrevious = previous.Offset + previous.Samples;
        DateTimeOffset? origin = before[0].Reader.Info?.StartTime;
        DateTimeOffset? start = reader.Info?.StartTime;
        if (origin is null || start is null)
        {
            return afterPrevious;
        }

        double seconds = (start.Value - origin.Value).TotalSeconds;
        long byClock = (long)Math.Round(seconds * 48_000);
        return byClock > previous.Offset && byClock <= MaxEndSamples ? byClock : afterPrevious;
    }

    private static List<SessionTrack> MergeTracks(List<Segment> segments)
    {
        var byKey = new Dictionary<string, (string Name, List<(Segment, int)> Parts)>();
        var order = new List<string>();
        foreach (Segment segment in segments)
        {
            foreach (int number in segment.Reader.Tracks.Keys.Order())
            {
                segment.Reader.Users.TryGetValue(number, out RawTrackUser? user);
                string key = user?.Id is { Length: > 0 } userId ? "user:" + userId : "track:" + number;
                if (!byKey.TryGetValue(key, out var entry))
                {
                    entry = (user?.DisplayName ?? $"track {order.Count + 1}", []);
                    byKey[key] = entry;
                    order.Add(key);
                }

                entry.Parts.Add((segment, number));
            }
        }

        return [.. order.Select((key, i) => new SessionTrack(i + 1, byKey[key].Name, byKey[key].Parts))];
    }

    /// <summary>One raw recording of the session, placed <see cref="Offset"/> samples after the first's start.
    /// </summary>
    internal sealed record Segment(
        RawRecordingReader Reader,
        long Offset,
        long Samples,
        RawReaderStats Stats,
        RawGranuleConvention Granules);

    /// <summary>A speaker's track over every segment: which track of which segment holds it.</summary>
    internal sealed record SessionTrack(int Number, string Name, IReadOnlyList<(Segment Segment, int Track)> Parts);
}
