using Concentus;
using Concentus.Enums;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Pandora.Cooking.Ogg;
using Pandora.Cooking.Raw;

namespace Pandora.Cooking.Cook;

/// <summary>
/// Cooks a raw recording (shared/RAW-FORMAT.md) into a mixed Ogg Opus file or a zip of one file per speaker.
/// Every track spans the whole recording, from 0 to the latest packet end of any track, with silence wherever its
/// speaker sent nothing. Thread-safe: each call works on its own state.
/// </summary>
/// <remarks>
/// Memory: nothing grows with the recording's length. A first pass over the data file finds the length; then each
/// track streams its own pass over the file, holding about ten seconds of packets to undo reordering, and decoded
/// audio moves 20 ms at a time into the mix, the WAV or the FLAC encoder. The cost is one pass over the data file
/// per track, on top of the first. <see cref="DecodeTracksAsync"/> is the exception: it returns whole tracks.
/// The work is synchronous file I/O and CPU run on a pool thread; cancellation is checked every 20 ms of output.
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

    // One second of audio per page in the mix: page overhead near 1 % instead of 10 % with a page per packet.
    private const int PacketsPerPage = 50;

    private readonly ILogger _logger;

    public Cooker(ILogger<Cooker>? logger = null)
    {
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Cooks recording <paramref name="id"/> of <paramref name="directory"/> into
    /// <paramref name="output"/>, which may be unseekable and stays open.</summary>
    /// <exception cref="RawRecordingException">The recording is missing or its names are invalid.</exception>
    /// <exception cref="CookingException">FLAC encoder missing or failing; WAV over 4 GiB.</exception>
    public Task<CookResult> CookAsync(
        string directory,
        string id,
        CookOptions options,
        Stream output,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        options.Validate();
        return Task.Run(() => Cook(directory, id, options, output, cancellationToken), cancellationToken);
    }

    /// <summary>Cooks into a new file at <paramref name="outputPath"/>; a partial file is deleted on failure.
    /// </summary>
    public async Task<CookResult> CookToFileAsync(
        string directory,
        string id,
        CookOptions options,
        string outputPath,
        CancellationToken cancellationToken = default)
    {
        var file = new FileStream(outputPath, FileMode.CreateNew, FileAccess.Write, FileShare.None, 64 * 1024);
        try
        {
            await using (file.ConfigureAwait(false))
            {
                return await CookAsync(directory, id, options, file, cancellationToken).ConfigureAwait(false);
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
    /// (for instance correlating a track with the speech that was sent); cooking never holds whole tracks.
    /// </summary>
    public Task<IReadOnlyList<DecodedTrack>> DecodeTracksAsync(
        string directory,
        string id,
        RawGranuleConvention granules = RawGranuleConvention.PacketEnd,
        CancellationToken cancellationToken = default) =>
        Task.Run(() => DecodeTracks(directory, id, granules, cancellationToken), cancellationToken);

    private static IReadOnlyList<DecodedTrack> DecodeTracks(
        string directory,
        string id,
        RawGranuleConvention granules,
        CancellationToken ct)
    {
        using Session session = Session.Load(directory, id, granules);
        if (session.Samples > Array.MaxLength)
        {
            throw new CookingException(CookingErrorKind.OutputTooLarge,
                "The recording is too long to decode into memory; cook it instead.");
        }

        var tracks = new List<DecodedTrack>();
        var stereo = new float[FrameSamples * 2];
        foreach (TrackRenderer renderer in session.Renderers)
        {
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

            tracks.Add(new DecodedTrack(renderer.Track, session.NameOf(renderer.Track), mono));
        }

        return tracks;
    }

    private CookResult Cook(string directory, string id, CookOptions options, Stream output, CancellationToken ct)
    {
        using Session session = Session.Load(directory, id, options.Granules);
        Log.CookStarting(_logger, id, options.Format, session.Renderers.Count, session.Samples);
        if (session.Reader.CorruptPages > 0)
        {
            Log.CorruptPages(_logger, id, session.Reader.CorruptPages, session.Reader.SkippedBytes);
        }

        switch (options.Format)
        {
            case CookFormat.OggOpusMix:
                WriteMix(session, options, output, ct);
                break;
            case CookFormat.ZipWav:
            case CookFormat.ZipFlac:
                WriteZip(session, options, output, ct);
                break;
        }

        CookResult result = session.Result();
        Log.CookFinished(_logger, id, result.Samples);
        return result;
    }

    // Ogg Opus (RFC 7845): OpusHead (pre-skip = encoder lookahead) and OpusTags pages, then 20 ms packets, fifty
    // to a page. A granule counts decoded samples, pre-skip included (RFC 7845 §4), so packet k ends at (k + 1) * 960;
    // adding the pre-skip there would read as a stream starting late (§4.5) and players would cut that much. The
    // last page's granule is pre-skip + the recording length, which makes decoders drop the zero padding of the
    // last frame (§4.5), and it carries EOS.
    private static void WriteMix(Session session, CookOptions options, Stream output, CancellationToken ct)
    {
        int channels = options.Channels;
        IOpusEncoder encoder = OpusCodecFactory.CreateEncoder(48_000, channels, OpusApplication.OPUS_APPLICATION_AUDIO);
        try
        {
            encoder.Bitrate = options.Bitrate;
            int preSkip = encoder.Lookahead;
            var ogg = new OggStreamWriter(output, serial: 1, maxPacketsPerPage: PacketsPerPage);

            // RFC 7845 §3: OpusHead alone on the first page, OpusTags ending its own page, audio on fresh pages.
            ogg.WritePacket(new OpusHead(1, (byte)channels, (ushort)preSkip, 48_000, 0, 0).ToPacket(), 0);
            ogg.Flush();
            ogg.WritePacket(new OpusTags(RawRecordingWriter.Vendor, ["ENCODER=Pandora.Cooking"]).ToPacket(), 0);
            ogg.Flush();

            long total = session.Samples;
            long frames = Math.Max(1, (total + preSkip + FrameSamples - 1) / FrameSamples);
            var mix = new float[FrameSamples * 2];
            var track = new float[FrameSamples * 2];
            var pcm = new float[FrameSamples * channels];
            var packet = new byte[4000];
            for (long frame = 0; frame < frames; frame++)
            {
                ct.ThrowIfCancellationRequested();
                MixFrame(session.Renderers, mix, track);
                Shape(mix, pcm, channels);
                int length = encoder.Encode(pcm, FrameSamples, packet, packet.Length);
                bool last = frame == frames - 1;
                ulong granule = (ulong)(last ? preSkip + total : (frame + 1) * FrameSamples);
                ogg.WritePacket(packet.AsSpan(0, length), granule, endOfStream: last);
            }
        }
        finally
        {
            (encoder as IDisposable)?.Dispose();
        }
    }

    // Sums the tracks' next 20 ms; renderers past the recording's end just give silence.
    private static void MixFrame(IReadOnlyList<TrackRenderer> renderers, float[] mix, float[] track)
    {
        Array.Clear(mix);
        foreach (TrackRenderer renderer in renderers)
        {
            renderer.Read(track);
            for (int i = 0; i < mix.Length; i++)
            {
                mix[i] += track[i];
            }
        }
    }

    // Clamps to [-1, 1] (several loud speakers can add past full scale) and downmixes to mono when asked.
    private static void Shape(ReadOnlySpan<float> stereo, Span<float> pcm, int channels)
    {
        if (channels == 2)
        {
            for (int i = 0; i < stereo.Length; i++)
            {
                pcm[i] = Math.Clamp(stereo[i], -1f, 1f);
            }

            return;
        }

        for (int i = 0; i < pcm.Length; i++)
        {
            pcm[i] = Math.Clamp((stereo[2 * i] + stereo[(2 * i) + 1]) * 0.5f, -1f, 1f);
        }
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
