using System.Buffers.Binary;
using System.Diagnostics;
using Concentus;
using Concentus.Enums;
using Pandora.Cooking.Ogg;
using Pandora.Cooking.Raw;

namespace Pandora.Cooking.Cook;

public sealed partial class Cooker
{
    // One second of audio per page in Ogg Opus: page overhead near 1 % instead of 10 % with a page per packet.
    private const int PacketsPerPage = 50;

    private const long MaxWavData = uint.MaxValue - 36;

    // libopus's default is 10; 5 encodes twice as fast (measured: an hour's mix in 18 s instead of 35 s) and at the
    // mix's 96 kb/s the difference is not audible in speech.
    private const int OpusComplexity = 5;

    private static long WavDataBytes(long samples, int channels) => samples * channels * 2;

    /// <summary>Encodes <paramref name="samples"/> frames of <paramref name="source"/> in the options' format.
    /// </summary>
    private static void Encode(IPcmSource source, long samples, CookOptions options, Stream output,
        CancellationToken ct)
    {
        switch (options.Format)
        {
            case CookFormat.Opus:
                WriteOpus(source, samples, options, output, ct);
                break;
            case CookFormat.Wav:
                WriteWav(source, samples, options.Channels, output, ct);
                break;
            default:
                RunEncoder(source, samples, options, output, ct);
                break;
        }
    }

    // Ogg Opus (RFC 7845): OpusHead (pre-skip = encoder lookahead) and OpusTags pages, then 20 ms packets, fifty
    // to a page. A granule counts decoded samples, pre-skip included (RFC 7845 §4), so packet k ends at (k + 1) * 960;
    // adding the pre-skip there would read as a stream starting late (§4.5) and players would cut that much. The
    // last page's granule is pre-skip + the recording length, which makes decoders drop the zero padding of the
    // last frame (§4.5), and it carries EOS.
    private static void WriteOpus(IPcmSource source, long total, CookOptions options, Stream output,
        CancellationToken ct)
    {
        int channels = options.Channels;
        IOpusEncoder encoder = OpusCodecFactory.CreateEncoder(48_000, channels, OpusApplication.OPUS_APPLICATION_AUDIO);
        try
        {
            encoder.Bitrate = options.Bitrate;
            encoder.Complexity = OpusComplexity;
            int preSkip = encoder.Lookahead;
            var ogg = new OggStreamWriter(output, serial: 1, maxPacketsPerPage: PacketsPerPage);

            // RFC 7845 §3: OpusHead alone on the first page, OpusTags ending its own page, audio on fresh pages.
            ogg.WritePacket(new OpusHead(1, (byte)channels, (ushort)preSkip, 48_000, 0, 0).ToPacket(), 0);
            ogg.Flush();
            ogg.WritePacket(new OpusTags(RawRecordingWriter.Vendor, ["ENCODER=Pandora.Cooking"]).ToPacket(), 0);
            ogg.Flush();

            long frames = Math.Max(1, (total + preSkip + FrameSamples - 1) / FrameSamples);
            var stereo = new float[FrameSamples * 2];
            var pcm = new float[FrameSamples * channels];
            var packet = new byte[4000];
            for (long frame = 0; frame < frames; frame++)
            {
                ct.ThrowIfCancellationRequested();

                // The encoder's lookahead runs past the end: frames there are read as the silence after it.
                int real = (int)Math.Clamp(total - (frame * FrameSamples), 0, FrameSamples);
                source.Read(stereo.AsSpan(0, real * 2));
                stereo.AsSpan(real * 2).Clear();
                Shape(stereo, pcm, channels);
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

    // RIFF/WAVE, PCM format tag 1, 16-bit little-endian, 48 kHz. The sizes are known up front, so the header is
    // written first and the output need not be seekable.
    private static void WriteWav(IPcmSource source, long samples, int channels, Stream output, CancellationToken ct)
    {
        long dataBytes = WavDataBytes(samples, channels);
        if (dataBytes > MaxWavData)
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
        WritePcm16(source, samples, channels, output, ct);
    }

    private static void WritePcm16(IPcmSource source, long samples, int channels, Stream output,
        CancellationToken ct)
    {
        var stereo = new float[FrameSamples * 2];
        var pcm = new float[FrameSamples * channels];
        var bytes = new byte[FrameSamples * channels * 2];
        for (long at = 0; at < samples; at += FrameSamples)
        {
            ct.ThrowIfCancellationRequested();
            int frames = (int)Math.Min(FrameSamples, samples - at);
            source.Read(stereo.AsSpan(0, frames * 2));
            Shape(stereo.AsSpan(0, frames * 2), pcm.AsSpan(0, frames * channels), channels);
            for (int i = 0; i < frames * channels; i++)
            {
                short value = (short)Math.Round(pcm[i] * 32767f);
                BinaryPrimitives.WriteInt16LittleEndian(bytes.AsSpan(i * 2), value);
            }

            output.Write(bytes, 0, frames * channels * 2);
        }
    }

    // Pipes signed 16-bit PCM into the external encoder and copies what it makes (its standard output, or the
    // temporary file it wrote) into the output.
    private static void RunEncoder(IPcmSource source, long samples, CookOptions options, Stream output,
        CancellationToken ct)
    {
        string file = Path.Combine(Path.GetTempPath(),
            $"pandora-cook-{Guid.NewGuid():N}.{CookOptions.ExtensionOf(options.Format)}");
        ExternalCommand command = options.Encoders!.CommandFor(options.Format, options.Channels, options.Bitrate, file);
        try
        {
            RunProcess(command, source, samples, options.Channels, output, ct);
            if (command.WritesFile)
            {
                using var made = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 64 * 1024);
                CopyTo(made, output, ct);
            }
        }
        finally
        {
            TryDelete(file);
        }
    }

    private static void RunProcess(ExternalCommand command, IPcmSource source, long samples, int channels,
        Stream output, CancellationToken ct)
    {
        var start = new ProcessStartInfo(command.Program)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in command.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using Process process = Process.Start(start)
            ?? throw new CookingException(CookingErrorKind.EncoderFailed, $"{command.Program} did not start.");
        Task<string> errors = process.StandardError.ReadToEndAsync(CancellationToken.None);
        Task copy = command.WritesFile
            ? process.StandardOutput.BaseStream.CopyToAsync(Stream.Null, CancellationToken.None)
            : Task.Run(() => CopyTo(process.StandardOutput.BaseStream, output, ct), CancellationToken.None);
        try
        {
            using (Stream input = process.StandardInput.BaseStream)
            {
                WritePcm16(source, samples, channels, input, ct);
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
                $"{Path.GetFileName(command.Program)} exited with {process.ExitCode}: " +
                errors.GetAwaiter().GetResult());
        }
    }

    private static void CopyTo(Stream from, Stream to, CancellationToken ct)
    {
        var buffer = new byte[64 * 1024];
        int read;
        while ((read = from.Read(buffer)) > 0)
        {
            ct.ThrowIfCancellationRequested();
            to.Write(buffer, 0, read);
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
}
