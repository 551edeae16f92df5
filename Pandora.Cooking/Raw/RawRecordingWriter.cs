using Pandora.Cooking.Ogg;

namespace Pandora.Cooking.Raw;

/// <summary>
/// Writes one recording in the raw format (shared/RAW-FORMAT.md). Every member is thread-safe: one lock
/// serialises all file writes, so pages of concurrent tracks interleave whole in <c>data</c>. Each audio page is
/// followed by Craig's empty reference page (sequence + 1, granule = RTP timestamp); audio sequence numbers start at
/// 2 and step by 2. No end-of-stream page is ever written, so the files are readable at every page boundary.
/// </summary>
/// <remarks>
/// Granules: the caller passes the END of the packet in 48 kHz samples since the recording started (see
/// <see cref="IRawRecordingWriter.WriteAudio"/>). Craig's and Pandora's recorders store the packet's arrival time
/// instead, and Craig's cooker (cook/oggcorrect.c) treats the stored value as the START of the packet: it lays
/// packets out from that position and computes a block's end as granule + duration. So Craig's cooker places our
/// packets one packet-duration (normally 20 ms) later than we mean, by the same amount on every track, which keeps
/// tracks in sync. Keeping the end convention has one benefit there: a real packet never gets granule 0, which
/// Craig's cooker would take for a header page.
/// <para>
/// A failed write (disk full) throws to the caller and may leave a torn page in <c>data</c>; the track's sequence
/// number does not advance, later writes go on, and readers skip the torn page by resynchronising.
/// </para>
/// </remarks>
public sealed class RawRecordingWriter : IRawRecordingWriter
{
    /// <summary>Vendor string of the OpusTags header written for each track.</summary>
    public const string Vendor = "Pandora.Cooking";

    private static readonly byte[] s_opusHead = OpusHead.Raw.ToPacket();
    private static readonly byte[] s_opusTags = new OpusTags(Vendor).ToPacket();

    private readonly Lock _gate = new();
    private readonly RawRecordingInfo _info;
    private readonly FileStream _header1;
    private readonly FileStream _header2;
    private readonly FileStream _data;
    private readonly FileStream _users;
    private readonly Dictionary<int, uint> _nextSequence = [];
    private readonly byte[] _pages = new byte[OggPage.MaxPageLength + OggPage.HeaderLength + 1];
    private long _audioPages;
    private long _dataBytes;
    private bool _disposed;

    /// <summary>Creates the files; prefer <see cref="RawRecording.Create"/>.</summary>
    /// <exception cref="RawRecordingException">Invalid id or folder, or a file of that id exists.</exception>
    public RawRecordingWriter(string directory, RawRecordingInfo info)
    {
        ArgumentNullException.ThrowIfNull(info);
        RawRecordingFiles.ValidateId(info.Id);
        Directory = RawRecordingFiles.NormalizeDirectory(directory);
        Id = info.Id;
        _info = info;
        System.IO.Directory.CreateDirectory(Directory);
        string[] suffixes =
        [
            RawRecordingFiles.Info, RawRecordingFiles.Header1, RawRecordingFiles.Header2,
            RawRecordingFiles.Data, RawRecordingFiles.Users,
        ];
        if (suffixes.Any(s => File.Exists(PathOf(s))))
        {
            RawRecordingException.Throw(RawRecordingErrorKind.AlreadyExists,
                $"Recording {Id} already has files in the folder.");
        }

        var opened = new List<FileStream>();
        try
        {
            using (FileStream infoFile = OpenNew(RawRecordingFiles.Info, opened))
            {
                infoFile.Write(RawMetadataJson.Info(info));
            }

            opened.Clear();
            _header1 = OpenNew(RawRecordingFiles.Header1, opened);
            _header2 = OpenNew(RawRecordingFiles.Header2, opened);
            _data = OpenNew(RawRecordingFiles.Data, opened);
            _users = OpenNew(RawRecordingFiles.Users, opened);
            _users.Write(System.Text.Encoding.UTF8.GetBytes(RawMetadataJson.UsersPrologue));
        }
        catch
        {
            opened.ForEach(f => f.Dispose());
            throw;
        }
    }

    public string Id { get; }

    public string Directory { get; }

    public RawWriterStats Stats
    {
        get
        {
            lock (_gate)
            {
                return new RawWriterStats(_nextSequence.Count, _audioPages, _dataBytes);
            }
        }
    }

    /// <exception cref="RawRecordingException">Kind <see cref="RawRecordingErrorKind.InvalidTrack"/> when the track
    /// number is below 1 or already added.</exception>
    public void AddTrack(RawUser user)
    {
        ArgumentNullException.ThrowIfNull(user);
        if (user.Track < 1)
        {
            RawRecordingException.Throw(RawRecordingErrorKind.InvalidTrack, "Track numbers start at 1.");
        }

        byte[] line = System.Text.Encoding.UTF8.GetBytes(RawMetadataJson.UserLine(user));
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_nextSequence.TryAdd(user.Track, 2))
            {
                RawRecordingException.Throw(RawRecordingErrorKind.InvalidTrack, $"Track {user.Track} exists.");
            }

            uint serial = (uint)user.Track;
            WritePage(_header1, OggHeaderType.BeginningOfStream, serial, 0, s_opusHead);
            WritePage(_header2, OggHeaderType.None, serial, 1, s_opusTags);
            _users.Write(line);
        }
    }

    /// <exception cref="RawRecordingException">Kind <see cref="RawRecordingErrorKind.InvalidTrack"/> for a track
    /// never added.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The packet is longer than
    /// <see cref="OggPage.MaxSinglePagePacketLength"/> bytes (no Opus packet is).</exception>
    public void WriteAudio(int track, ulong granule, ReadOnlySpan<byte> opusPacket, uint rtpTimestamp)
    {
        if (opusPacket.Length > OggPage.MaxSinglePagePacketLength)
        {
            throw new ArgumentOutOfRangeException(nameof(opusPacket), opusPacket.Length,
                $"A raw audio page holds at most {OggPage.MaxSinglePagePacketLength} bytes.");
        }

        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (!_nextSequence.TryGetValue(track, out uint sequence))
            {
                RawRecordingException.Throw(RawRecordingErrorKind.InvalidTrack, $"Track {track} was never added.");
            }

            // Both pages go out in one write, so a reader never sees an audio page without its reference page
            // except at a torn end of file.
            Span<byte> pages = _pages;
            int audio = OggPageWriter.WriteSinglePage(pages, OggHeaderType.None, granule, (uint)track, sequence,
                opusPacket);
            int reference = OggPageWriter.WriteSinglePage(pages[audio..], OggHeaderType.None, rtpTimestamp,
                (uint)track, sequence + 1, ReadOnlySpan<byte>.Empty);
            _data.Write(pages[..(audio + reference)]);
            _nextSequence[track] = sequence + 2;
            _audioPages++;
            _dataBytes += audio + reference;
        }
    }

    /// <summary>Pushes buffered bytes of every file to the operating system and asks it to store them on disk.
    /// </summary>
    public void Flush()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            FlushAll();
        }
    }

    /// <summary>Rewrites the info file with the recording's end. The new file replaces the old one in a single
    /// rename, so a crash leaves one or the other, never a torn file.</summary>
    public void Seal(ulong endSamples)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            FlushAll();
            string path = PathOf(RawRecordingFiles.Info);
            string temporary = path + ".tmp";
            File.WriteAllBytes(temporary, RawMetadataJson.Info(_info, endSamples));
            File.Move(temporary, path, overwrite: true);
        }
    }

    /// <summary>Flushes and closes the files. Idempotent; writing afterwards throws
    /// <see cref="ObjectDisposedException"/>.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            try
            {
                FlushAll();
            }
            finally
            {
                _header1.Dispose();
                _header2.Dispose();
                _data.Dispose();
                _users.Dispose();
            }
        }
    }

    private void FlushAll()
    {
        _header1.Flush(flushToDisk: true);
        _header2.Flush(flushToDisk: true);
        _users.Flush(flushToDisk: true);
        _data.Flush(flushToDisk: true);
    }

    private void WritePage(FileStream file, OggHeaderType type, uint serial, uint sequence, byte[] packet)
    {
        int length = OggPageWriter.WriteSinglePage(_pages, type, 0, serial, sequence, packet);
        file.Write(_pages, 0, length);
    }

    private string PathOf(string suffix) => Path.Combine(Directory, Id + suffix);

    private FileStream OpenNew(string suffix, List<FileStream> opened)
    {
        try
        {
            var file = new FileStream(PathOf(suffix), FileMode.CreateNew, FileAccess.Write, FileShare.Read,
                bufferSize: 64 * 1024);
            opened.Add(file);
            return file;
        }
        catch (IOException e) when (File.Exists(PathOf(suffix)))
        {
            RawRecordingException.Throw(RawRecordingErrorKind.AlreadyExists,
                $"Recording {Id} already has a {suffix} file.", e);
            return null;
        }
    }
}
