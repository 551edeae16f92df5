using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;

namespace Pandora.Cooking.Cook;

public sealed partial class Cooker
{
    // A zip with one entry per track, "<track>-<safe name>.wav|.flac", each rendered and written 20 ms at a time.
    private static void WriteZip(Session session, CookOptions options, Stream output, CancellationToken ct)
    {
        bool flac = options.Format == CookFormat.ZipFlac;
        string? encoder = flac ? FindFlacEncoder(options.FlacEncoderPath) : null;
        using var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true);
        foreach (TrackRenderer renderer in session.Renderers)
        {
            string name = $"{renderer.Track}-{session.SafeNameOf(renderer.Track)}.{(flac ? "flac" : "wav")}";

            // FLAC is already compressed; WAV deflates a little, fast.
            CompressionLevel level = flac ? CompressionLevel.NoCompression : CompressionLevel.Fastest;
            ZipArchiveEntry entry = zip.CreateEntry(name, level);
            using Stream stream = entry.Open();
            if (flac)
            {
                EncodeFlac(encoder!, renderer, session.Samples, options.Channels, stream, ct);
            }
            else
            {
                WriteWav(renderer, session.Samples, options.Channels, stream, ct);
            }
        }
    }

    // RIFF/WAVE, PCM format tag 1, 16-bit little-endian, 48 kHz. The sizes are known up front, so the header is
    // written first and the output need not be seekable.
    private static void WriteWav(TrackRenderer renderer, long samples, int channels, Stream output,
        CancellationToken ct)
    {
        long dataBytes = samples * channels * 2;
        if (dataBytes > uint.MaxValue - 36)
        {
            throw new CookingException(CookingErrorKind.OutputTooLarge,
                "The track is longer than a WAV file can hold (4 GiB); choose FLAC.");
        }

        Span<byte> header = stackalloc byte[44];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], (uint)(36 + dataBytes));
        "WAVEfmt "u8.CopyTo(header[8..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(header[22..], (ushort)channels);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], 48_000);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], (uint)(48_000 * channels * 2));
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], (ushort)(channels * 2));
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], 16);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], (uint)dataBytes);
        output.Write(header);
        WritePcm16(renderer, samples, channels, output, ct);
    }

    private static void WritePcm16(TrackRenderer renderer, long samples, int channels, Stream output,
        CancellationToken ct)
    {
        var stereo = new float[FrameSamples * 2];
        var pcm = new float[FrameSamples * channels];
        var bytes = new byte[FrameSamples * channels * 2];
        for (long at = 0; at < samples; at += FrameSamples)
        {
            ct.ThrowIfCancellationRequested();
            int frames = (int)Math.Min(FrameSamples, samples - at);
            renderer.Read(stereo.AsSpan(0, frames * 2));
            Shape(stereo.AsSpan(0, frames * 2), pcm.AsSpan(0, frames * channels), channels);
            for (int i = 0; i < frames * channels; i++)
            {
                short value = (short)Math.Round(pcm[i] * 32767f);
                BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), value);
            }

            output.Write(bytes, 0, frames * channels * 2);
        }
    }

    // Pipes signed 16-bit PCM into the external encoder and copies its FLAC output into the zip entry.
    private static void EncodeFlac(string encoder, TrackRenderer renderer, long samples, int channels, Stream output,
        CancellationToken ct)
    {
        var start = new ProcessStartInfo(encoder)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in FlacArguments(encoder, channels))
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)
            ?? throw new CookingException(CookingErrorKind.EncoderFailed, $"{encoder} did not start.");
        Task<string> errors = process.StandardError.ReadToEndAsync(ct);
        Task copy = process.StandardOutput.BaseStream.CopyToAsync(output, ct);
        try
        {
            using (Stream input = process.StandardInput.BaseStream)
            {
                WritePcm16(renderer, samples, channels, input, ct);
            }

            copy.GetAwaiter().GetResult();
            process.WaitForExit();
        }
        catch (Exception) when (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        if (process.ExitCode != 0)
        {
            throw new CookingException(CookingErrorKind.EncoderFailed,
                $"{Path.GetFileName(encoder)} exited with {process.ExitCode}: {errors.GetAwaiter().GetResult()}");
        }
    }

    private static string[] FlacArguments(string encoder, int channels)
    {
        string ac = channels.ToString(System.Globalization.CultureInfo.InvariantCulture);
        if (Path.GetFileNameWithoutExtension(encoder).Equals("flac", StringComparison.OrdinalIgnoreCase))
        {
            return
            [
                "--silent", "--force-raw-format", "--endian=little", "--sign=signed", $"--channels={ac}", "--bps=16",
                "--sample-rate=48000", "--stdout", "-",
            ];
        }

        return
        [
            "-nostdin", "-hide_banner", "-loglevel", "error", "-f", "s16le", "-ar", "48000", "-ac", ac, "-i",
            "pipe:0", "-c:a", "flac", "-f", "flac", "pipe:1",
        ];
    }

    private static string FindFlacEncoder(string? configured)
    {
        if (configured is not null)
        {
            return File.Exists(configured)
                ? configured
                : throw new CookingException(CookingErrorKind.EncoderMissing, $"FLAC encoder {configured} not found.");
        }

        string[] path = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator,
            StringSplitOptions.RemoveEmptyEntries);
        foreach (string program in new[] { "ffmpeg", "flac" })
        {
            string? found = path.Select(p => Path.Combine(p, program)).FirstOrDefault(File.Exists);
            if (found is not null)
            {
                return found;
            }
        }

        throw new CookingException(CookingErrorKind.EncoderMissing,
            "FLAC output needs ffmpeg or flac on PATH (or CookOptions.FlacEncoderPath); neither was found.");
    }
}
