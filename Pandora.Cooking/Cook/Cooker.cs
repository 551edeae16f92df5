using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pandora.Cooking.Raw;

namespace Pandora.Cooking.Cook;

/// <summary>
/// Cooks a raw recording (shared/RAW-FORMAT.md) into one mixed file or a zip of one file per speaker, in Ogg Opus,
/// Ogg Vorbis, FLAC, WAV, MP3 or AAC. Every track spans the whole recording, from its start to its end, with
/// silence wherever its speaker sent nothing; a recording of several segments is stitched with the pause where
/// it happened (see <see cref="Session"/>). Thread-safe: each call works on its own state.
/// </summary>
/// <remarks>
/// Memory does not grow with the recording's length. A first pass over the data file finds the length; then
/// every track streams its own pass over the file on its own pool task, holding about ten seconds of packets to
/// undo reordering and at most two seconds of decoded audio ahead of the consumer. A mix sums the tracks half a
/// second at a time and encodes as it goes; a zip encodes the first track straight into the output while the
/// others are encoded in parallel into temporary files, each copied in as its turn comes. MP3 and AAC are
/// encoded into a temporary file first (their headers are written by seeking back), then copied out. The work
/// is synchronous file I/O and CPU on pool threads; cancellation is checked every 20 ms of output.
/// <para>
/// Differences from Craig's cooker (cook/oggcorrect.c), read to keep files compatible: it takes the stored
/// granule as the packet's start (see <see cref="RawGranuleConvention"/>); it subtracts the first audio page's
/// granule from every position, so its output starts when the first speaker does, while ours starts when the
/// recording did; it closes gaps shorter than 25 packets (500 ms) by laying packets back to back and only fills
/// longer ones with silence, while ours keeps every gap at its place; it ignores packets of 0 or 1 byte and
/// takes a granule-0 page with a longer packet for a header.
/// </para>
/// </remarks>
public sealed partial class Cooker
{
    /// <summary>Samples per channel in one mixing step and one encoded Opus packet: 20 ms at 48 kHz.</summary>
    public const int FrameSamples = 960;

    private readonly ILogger _logger;

    public Cooker(ILogger<Cooker>? logger = null)
    {
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Finds, measures and checks recording <paramref name="id"/> of <paramref name="directory"/> for
    /// <paramref name="options"/>, without writing anything.</summary>
    /// <exception cref="RawRecordingException">The recording is missing (kind NotFound) or its id is invalid.
    /// </exception>
    /// <exception cref="CookingException">An encoder is missing (EncoderMissing) or the format cannot hold the
    /// recording (OutputTooLarge: WAV over 4 GiB).</exception>
    public Task<PreparedCook> PrepareAsync(
        string directory,
        string id,
        CookOptions options,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        return Task.Run(() => Prepare(directory, id, options), cancellationToken);
    }

    /// <summary>Cooks recording <paramref name="id"/> of <paramref name="directory"/> into
    /// <paramref name="output"/>, which may be unseekable and stays open.</summary>
    /// <exception cref="RawRecordingException">The recording is missing or its names are invalid.</exception>
    /// <exception cref="CookingException">An encoder missing or failing; WAV over 4 GiB.</exception>
    public Task<CookResult> CookAsync(
        string directory,
        string id,
        CookOptions options,
        Stream output,
        CancellationToken cancellationToken = default) =>
        CookAsync(directory, id, options, output, null, cancellationToken);

    /// <summary>As <see cref="CookAsync(string, string, CookOptions, Stream, CancellationToken)"/>, reporting
    /// progress from pool threads.</summary>
    public async Task<CookResult> CookAsync(
        string directory,
        string id,
        CookOptions options,
        Stream output,
        IProgress<CookProgress>? progress,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        PreparedCook prepared = await PrepareAsync(directory, id, options, cancellationToken).ConfigureAwait(false);
        return await prepared.WriteAsync(output, progress, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Cooks into a new file at <paramref name="outputPath"/>; a partial file is deleted on failure.
    /// </summary>
    public Task<CookResult> CookToFileAsync(
        string directory,
        string id,
        CookOptions options,
        string outputPath,
        CancellationToken cancellationToken = default) =>
        CookToFileAsync(directory, id, options, outputPath, null, cancellationToken);

    /// <summary>As <see cref="CookToFileAsync(string, string, CookOptions, string, CancellationToken)"/>,
    /// reporting progress from pool threads.</summary>
    public async Task<CookResult> CookToFileAsync(
        string directory,
        string id,
        CookOptions options,
        string outputPath,
        IProgress<CookProgress>? progress,
        CancellationToken cancellationToken = default)
    {
        PreparedCook prepared = await PrepareAsync(directory, id, options, cancellationToken).ConfigureAwait(false);
        var file = new FileStream(outputPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024);
        try
        {
            await using (file.ConfigureAwait(false))
            {
                return await prepared.WriteAsync(file, progress, cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            // Only a file this call created is removed; CreateNew above never replaces an existing one.
            TryDelete(outputPath);
            throw;
        }
    }

    /// <summary>
    /// Decodes every track into memory, mono, 48 kHz, each as long as the recording. For tests and analysis
    /// of short recordings: this is the one call whose memory grows with the recording. Null
    /// <paramref name="granules"/> tells the convention by the recorder, as <see cref="CookOptions.Granules"/>.
    /// </summary>
    public Task<IReadOnlyList<DecodedTrack>> DecodeTracksAsync(
        string directory,
        string id,
        RawGranuleConvention? granules = null,
        CancellationToken cancellationToken = default) =>
        Task.Run(() => DecodeTracks(directory, id, granules, cancellationToken), cancellationToken);

    private static IReadOnlyList<DecodedTrack> DecodeTracks(
        string directory,
        string id,
        RawGranuleConvention? granules,
        CancellationToken ct)
    {
        Session session = Session.Load(directory, id, granules);
        if (session.Samples > Array.MaxLength)
        {
            throw new CookingException(CookingErrorKind.OutputTooLarge,
                "The recording is too long to decode into memory; cook it instead.");
        }

        var tracks = new List<DecodedTrack>();
        var stereo = new float[FrameSamples * 2];
        for (int index = 0; index < session.Tracks.Count; index++)
        {
            using TrackRenderer renderer = session.OpenRenderer(index);
            var mono = new float[session.Samples];
            for (long at = 0; at < session.Samples; at += FrameSamples)
            {
                ct.ThrowIfCancellationRequested();
                int frames = (int)Math.Min(FrameSamples, session.Samples - at);
                renderer.Read(stereo.AsSpan(0, frames * 2));
                for (int i = 0; i < frames; i++)
                {
                    mono[at + i] = (stereo[2 * i] + stereo[(2 * i) + 1]) * 0.5f;
                }
            }

            tracks.Add(new DecodedTrack(renderer.Track, session.Tracks[index].Name, mono));
        }

        return tracks;
    }

    private PreparedCook Prepare(string directory, string id, CookOptions options)
    {
        Session session = Session.Load(directory, id, options.Granules);
        AudioEncoders encoders = options.Encoders ?? AudioEncoders.Default;
        if (!encoders.Supports(options.Format))
        {
            throw new CookingException(CookingErrorKind.EncoderMissing, AudioEncoders.MissingMessage(options.Format));
        }

        if (options.Format == CookFormat.Wav && WavDataBytes(session.Samples, options.Channels) > MaxWavData)
        {
            throw new CookingException(CookingErrorKind.OutputTooLarge,
                "The recording is longer than a WAV file can hold (4 GiB); choose FLAC.");
        }

        return new PreparedCook(session, options with { Encoders = encoders },
            (s, output, progress, ct) => Write(s, options with { Encoders = encoders }, output, progress, ct));
    }

    private CookResult Write(
        Session session,
        CookOptions options,
        Stream output,
        IProgress<CookProgress>? progress,
        CancellationToken ct)
    {
        Log.CookStarting(_logger, session.Id, options.Format, options.Container, session.Tracks.Count,
            session.Samples);
        if (session.Reader.CorruptPages > 0)
        {
            Log.CorruptPages(_logger, session.Id, session.Reader.CorruptPages, session.Reader.SkippedBytes);
        }

        int passes = options.Level ? 2 : 1;
        var counter = new ProgressCounter(progress, session.Samples * session.Tracks.Count * passes);
        var renderers = new TrackRenderer?[session.Tracks.Count];
        try
        {
            if (options.Container == CookContainer.Zip)
            {
                WriteZip(session, options, output, renderers, counter, ct);
            }
            else
            {
                WriteMix(session, options, output, renderers, counter, ct);
            }

            CookResult result = Result(session, renderers);
            counter.Complete();
            Log.CookFinished(_logger, session.Id, result.Samples);
            return result;
        }
        finally
        {
            foreach (TrackRenderer? renderer in renderers)
            {
                renderer?.Dispose();
            }
        }
    }

    // Every track decoded on its own task, summed half a second at a time into one encoder.
    private static void WriteMix(
        Session session,
        CookOptions options,
        Stream output,
        TrackRenderer?[] renderers,
        ProgressCounter counter,
        CancellationToken ct)
    {
        var feeds = new List<TrackFeed>();
        try
        {
            for (int index = 0; index < session.Tracks.Count; index++)
            {
                int track = index;
                feeds.Add(new TrackFeed(token => OpenTrack(session, track, options, renderers, counter, token),
                    session.Samples, ct));
            }

            Encode(new MixSource(feeds), session.Samples, options, output, ct);
        }
        finally
        {
            foreach (TrackFeed feed in feeds)
            {
                feed.Dispose();
            }
        }
    }

    /// <summary>A track's source for output: levelled when asked (after a measuring pass of its own).</summary>
    private static IPcmSource OpenTrack(
        Session session,
        int index,
        CookOptions options,
        TrackRenderer?[] renderers,
        ProgressCounter counter,
        CancellationToken ct)
    {
        float gain = 1f;
        if (options.Level)
        {
            using TrackRenderer measure = session.OpenRenderer(index);
            gain = Loudness.MeasureGain(new CountingSource(measure, counter), session.Samples, ct);
        }

        TrackRenderer renderer = session.OpenRenderer(index);
        renderers[index] = renderer;
        return new CountingSource(new GainSource(renderer, gain), counter);
    }

    private static CookResult Result(Session session, TrackRenderer?[] renderers)
    {
        var tracks = new List<CookedTrack>();
        for (int i = 0; i < session.Tracks.Count; i++)
        {
            TrackRenderer? renderer = renderers[i];
            renderer?.Finish();
            tracks.Add(new CookedTrack(session.Tracks[i].Number, session.Tracks[i].Name, session.Samples,
                renderer?.Packets ?? 0, renderer?.DroppedPackets ?? 0, renderer?.TrimmedPackets ?? 0,
                renderer?.InvalidPackets ?? 0));
        }

        return new CookResult(tracks, session.Samples, session.Reader);
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // Leave it; the caller sees the original error.
        }
    }
}
