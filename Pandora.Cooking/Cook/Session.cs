using System.Text;
using Pandora.Cooking.Raw;

namespace Pandora.Cooking.Cook;

/// <summary>One recording loaded for cooking: its metadata, one renderer per track, and its length.</summary>
internal sealed class Session : IDisposable
{
    private readonly RawRecordingReader _recording;

    private Session(RawRecordingReader recording, List<TrackRenderer> renderers, RawReaderStats reader, long samples)
    {
        _recording = recording;
        Renderers = renderers;
        Reader = reader;
        Samples = samples;
    }

    public IReadOnlyList<TrackRenderer> Renderers { get; }

    public RawReaderStats Reader { get; }

    /// <summary>The recording's length: where the recorder says it stopped (<c>endSamples</c> in the info file),
    /// or the latest packet end over all tracks when that is later or the recorder did not say.</summary>
    public long Samples { get; }

    /// <summary>
    /// Reads the data file once to find the recording's length (the latest packet end of any track), keeping no
    /// packets; each renderer then streams its own track from the file.
    /// </summary>
    // A recording's declared end is trusted up to a week; beyond that the info file is damaged.
    private const long MaxEndSamples = 48_000L * 3600 * 24 * 7;

    public static Session Load(string directory, string id, RawGranuleConvention granules)
    {
        RawRecordingReader recording = RawRecording.Open(directory, id);
        long samples = 0;
        foreach (RawAudioPacket packet in recording.ReadPackets())
        {
            if (TrackRenderer.TryPlace(packet, granules, out long start, out int length))
            {
                samples = Math.Max(samples, start + length);
            }
        }

        if (recording.Info?.EndSamples is { } end && end <= MaxEndSamples)
        {
            samples = Math.Max(samples, end);
        }

        RawReaderStats stats = recording.LastStats;
        List<TrackRenderer> renderers = [.. recording.Tracks.Keys.Order()
            .Select(t => new TrackRenderer(t, recording.ReadPackets(t), granules))];
        return new Session(recording, renderers, stats, samples);
    }

    public string NameOf(int track) =>
        _recording.Users.TryGetValue(track, out RawTrackUser? user) ? user.DisplayName : $"track {track}";

    /// <summary>A file name part made of <c>[A-Za-z0-9_-]</c> only, at most 48 characters.</summary>
    public string SafeNameOf(int track)
    {
        var safe = new StringBuilder();
        foreach (char c in NameOf(track))
        {
            safe.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '_');
            if (safe.Length == 48)
            {
                break;
            }
        }

        return safe.ToString();
    }

    /// <summary>The result; call once all output is written (it reads the rest of each track for the counts).
    /// </summary>
    public CookResult Result()
    {
        foreach (TrackRenderer renderer in Renderers)
        {
            renderer.Finish();
        }

        return new CookResult(
        [
            .. Renderers.Select(r => new CookedTrack(r.Track, NameOf(r.Track), Samples, r.Packets, r.DroppedPackets,
                r.TrimmedPackets, r.InvalidPackets)),
        ],
        Samples,
        Reader);
    }

    public void Dispose()
    {
        foreach (TrackRenderer renderer in Renderers)
        {
            renderer.Dispose();
        }
    }
}
