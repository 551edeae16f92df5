using Pandora.Cooking.Ogg;

namespace Pandora.Cooking.Raw;

/// <summary>
/// Reads a raw recording written by us, Pandora or Craig. Files are found by their exact names
/// <c>&lt;id&gt;.ogg.*</c> (never by prefix, so recording 12 cannot pick up 123's files). Tracks are the serials
/// with an OpusHead page in header1. Reading the data never throws on damage: bad pages are counted and skipped.
/// Instances are immutable after <see cref="Open"/>; each <see cref="ReadPackets"/> enumeration opens its own
/// file handle, so several may run at once.
/// </summary>
public sealed class RawRecordingReader
{
    private readonly string _dataPath;
    private RawReaderStats _lastStats;

    private RawRecordingReader(
        string directory,
        string id,
        IReadOnlyDictionary<int, OpusHead> tracks,
        IReadOnlyDictionary<int, RawTrackUser> users,
        RawRecordingMetadata? info,
        string? vendor)
    {
        Vendor = vendor;
        Directory = directory;
        Id = id;
        Tracks = tracks;
        Users = users;
        Info = info;
        _dataPath = Path.Combine(directory, id + RawRecordingFiles.Data);
    }

    public string Id { get; }

    public string Directory { get; }

    /// <summary>Track numbers (Ogg serials) and their identification headers, from header1.</summary>
    public IReadOnlyDictionary<int, OpusHead> Tracks { get; }

    /// <summary>Speakers by track, from the users file (empty when it is missing).</summary>
    public IReadOnlyDictionary<int, RawTrackUser> Users { get; }

    /// <summary>The vendor string of the first OpusTags header in header2 (which recorder wrote the files), or null.
    /// </summary>
    public string? Vendor { get; }

    /// <summary>What the data's granules mark: the packet's end for files written by
    /// <see cref="RawRecordingWriter"/> (its vendor string), the packet's start (arrival time) for anything else,
    /// which is what Pandora's and Craig's recorders write.</summary>
    public RawGranuleConvention Granules =>
        Vendor == RawRecordingWriter.Vendor ? RawGranuleConvention.PacketEnd : RawGranuleConvention.PacketStart;

    /// <summary>The info file, or null when it is missing.</summary>
    public RawRecordingMetadata? Info { get; }

    /// <summary>Counters of the last <see cref="ReadPackets"/> enumeration that finished.</summary>
    public RawReaderStats LastStats => _lastStats;

    /// <summary>Opens the recording <paramref name="id"/> in <paramref name="directory"/>.</summary>
    /// <exception cref="RawRecordingException">Invalid names (<see cref="RawRecordingErrorKind.InvalidName"/>),
    /// header1 or data missing (<see cref="RawRecordingErrorKind.NotFound"/>), or an info file that is not JSON
    /// (<see cref="RawRecordingErrorKind.InvalidMetadata"/>).</exception>
    public static RawRecordingReader Open(string directory, string id)
    {
        string header1 = RawRecordingFiles.GetPath(directory, id, RawRecordingFiles.Header1);
        string folder = Path.GetDirectoryName(header1)!;
        string data = Path.Combine(folder, id + RawRecordingFiles.Data);
        if (!File.Exists(header1) || !File.Exists(data))
        {
            RawRecordingException.Throw(RawRecordingErrorKind.NotFound, $"Recording {id} has no header1 or data file.");
        }

        var tracks = new Dictionary<int, OpusHead>();
        using (var reader = new OggPageReader(OpenShared(header1)))
        {
            foreach (OggPage page in reader.ReadPages())
            {
                if (page.Serial is > 0 and <= int.MaxValue && OpusHead.TryParse(page.Body.Span, out OpusHead head))
                {
                    tracks.TryAdd((int)page.Serial, head);
                }
            }
        }

        string? usersText = ReadSmallText(Path.Combine(folder, id + RawRecordingFiles.Users));
        string? infoText = ReadSmallText(Path.Combine(folder, id + RawRecordingFiles.Info));
        Dictionary<int, RawTrackUser> users = usersText is null ? [] : RawMetadataParser.ParseUsers(usersText);
        RawRecordingMetadata? info = infoText is null ? null : RawMetadataParser.ParseInfo(infoText);
        return new RawRecordingReader(folder, id, tracks, users, info,
            ReadVendor(Path.Combine(folder, id + RawRecordingFiles.Header2)));
    }

    /// <summary>
    /// Streams the audio packets of the data file in file order, optionally of one track only. Skipped: empty
    /// packets (Craig's reference pages, sequence + 1 with the RTP timestamp as granule; also empty audio
    /// packets, which carry nothing to decode), BOS pages and pages of serials that are not tracks.
    /// </summary>
    public IEnumerable<RawAudioPacket> ReadPackets(int? track = null)
    {
        using var reader = new OggPageReader(OpenShared(_dataPath));
        long audio = 0, references = 0, foreign = 0;
        foreach (OggPage page in reader.ReadPages())
        {
            if (page.Serial > int.MaxValue || !Tracks.ContainsKey((int)page.Serial) || page.IsBeginningOfStream)
            {
                foreign++;
                continue;
            }

            if (page.Body.IsEmpty)
            {
                references++;
                continue;
            }

            if (track is { } only && only != (int)page.Serial)
            {
                continue;
            }

            audio++;
            yield return new RawAudioPacket((int)page.Serial, page.GranulePosition, page.Sequence, page.Body);
        }

        OggReaderStats ogg = reader.Stats;
        _lastStats = new RawReaderStats(audio, references, foreign, ogg.CorruptPages, ogg.SkippedBytes);
    }

    private static string? ReadVendor(string header2)
    {
        if (!File.Exists(header2))
        {
            return null;
        }

        using var reader = new OggPageReader(OpenShared(header2));
        foreach (OggPage page in reader.ReadPages())
        {
            if (OpusTags.TryParse(page.Body.Span, out OpusTags? tags))
            {
                return tags.Vendor;
            }
        }

        return null;
    }

    // The writer may still hold the files open for writing.
    private static FileStream OpenShared(string path) =>
        new(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, bufferSize: 64 * 1024);

    private static string? ReadSmallText(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using FileStream file = OpenShared(path);
        if (file.Length > RawMetadataParser.MaxFileLength)
        {
            RawRecordingException.Throw(RawRecordingErrorKind.InvalidMetadata, $"{Path.GetFileName(path)} is too big.");
        }

        using var text = new StreamReader(file);
        return text.ReadToEnd();
    }
}
