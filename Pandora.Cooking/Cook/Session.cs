using System.Text;
using Pandora.Cooking.Raw;

namespace Pandora.Cooking.Cook;

/// <summary>One recording loaded for cooking: its metadata, one renderer per track, and its length.</summary>
internal sealed class Session : IDisposable
{
    private readonly RawRecordingReader _recording;

    private Session(RawRecordingReader recording, List<TrackRenderer> renderers, RawReaderStats reader)
    {
        _recording = recording;
        Renderers = renderers;
        Reader = reader;
        Samples = renderers.Count == 0 ? 0 : renderers.Max(r => r.End);
    }

    public IReadOnlyList<TrackRenderer> Renderers { get; }

    public RawReaderStats Reader { get; }

    /// <summary>The recording's length: the latest packet end over all tracks.</summary>
    public long Samples { get; }

    /// <summary>Reads the data file once and keeps each track's packets (compressed) for its renderer.</summary>
    public static Session Load(string directory, string id, RawGranuleConvention granules)
    {
        RawRecordingReader recording = RawRecording.Open(directory, id);
        var packets = recording.Tracks.Keys.ToDictionary(t => t, _ => new List<RawAudioPacket>());
        foreach (RawAudioPacket packet in recording.ReadPackets())
        {
            packets[packet.Track].Add(packet);
        }

        List<TrackRenderer> renderers = [.. packets.OrderBy(p => p.Key)
            .Select(p => new TrackRenderer(p.Key, p.Value, granules))];
        return new Session(recording, renderers, recording.LastStats);
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

    public CookResult Result() => new(
        [
            .. Renderers.Select(r => new CookedTrack(r.Track, NameOf(r.Track), Samples, r.Packets, r.DroppedPackets,
                r.TrimmedPackets, r.InvalidPackets)),
        ],
        Samples,
        Reader);

    public void Dispose()
    {
        foreach (TrackRenderer renderer in Renderers)
        {
            renderer.Dispose();
        }
    }
}
