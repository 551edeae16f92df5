using Concentus;
using Concentus.Enums;
using Pandora.Cooking.Raw;

namespace Pandora.Tests.Cooking;

/// <summary>Builds raw recordings from synthetic tones encoded with Concentus, 20 ms per packet.</summary>
internal static class TestRecording
{
    public const int Frame = 960;

    /// <summary>Consecutive stereo Opus packets of a sine tone, one encoder for the whole run.</summary>
    public static byte[][] Tone(double frequency, int packets, float amplitude = 0.5f)
    {
        IOpusEncoder encoder = OpusCodecFactory.CreateEncoder(48000, 2, OpusApplication.OPUS_APPLICATION_AUDIO);
        encoder.Bitrate = 64000;
        var pcm = new float[Frame * 2];
        var output = new byte[1500];
        var result = new byte[packets][];
        for (int p = 0; p < packets; p++)
        {
            for (int i = 0; i < Frame; i++)
            {
                float value = amplitude * (float)Math.Sin(2 * Math.PI * frequency * ((p * Frame) + i) / 48000);
                pcm[2 * i] = value;
                pcm[(2 * i) + 1] = value;
            }

            int length = encoder.Encode(pcm, Frame, output, output.Length);
            result[p] = output[..length];
        }

        (encoder as IDisposable)?.Dispose();
        return result;
    }

    /// <summary>Root mean square of <paramref name="samples"/> between two times in seconds.</summary>
    public static double Rms(float[] samples, double fromSeconds, double toSeconds)
    {
        int from = (int)(fromSeconds * 48000);
        int to = (int)(toSeconds * 48000);
        double sum = 0;
        for (int i = from; i < to; i++)
        {
            sum += samples[i] * samples[i];
        }

        return Math.Sqrt(sum / (to - from));
    }

    /// <summary>
    /// Track 1 (alice) speaks 0-1 s and 2-3 s with a silent gap between; track 2 (bob) joins late and speaks
    /// 1.5-2.5 s. Pairs of alice's packets are written swapped, and one packet of each track is written again
    /// later (a duplicate for alice, a backward packet for bob). The recording ends at 3 s.
    /// </summary>
    public static void WriteGapLateAndReordered(string folder, string id, ulong? sealAt = null)
    {
        byte[][] alice = Tone(440, 100);
        byte[][] bob = Tone(660, 50);
        using IRawRecordingWriter writer = RawRecording.Create(folder,
            RawRecordingWriterUnitTests.Info(id));
        writer.AddTrack(new RawUser(1, 11, "alice", "Alice A.", "0", false));
        for (int i = 0; i < 50; i += 2)
        {
            Write(writer, 1, 0, i + 1, alice[i + 1]);
            Write(writer, 1, 0, i, alice[i]);
        }

        writer.AddTrack(new RawUser(2, 22, "bob", null, "0", false));
        for (int i = 0; i < 50; i++)
        {
            Write(writer, 2, 72000, i, bob[i]);
            if (i >= 25)
            {
                Write(writer, 1, 96000, i - 25, alice[50 + i - 25]);
            }
        }

        Write(writer, 1, 0, 10, alice[10]);
        for (int i = 25; i < 50; i++)
        {
            Write(writer, 1, 96000, i, alice[50 + i]);
        }

        Write(writer, 2, 72000, 5, bob[5]);
        if (sealAt is { } end)
        {
            writer.Seal(end);
        }
    }

    private static void Write(IRawRecordingWriter writer, int track, int offset, int index, byte[] packet) =>
        writer.WriteAudio(track, (ulong)(offset + ((index + 1) * Frame)), packet, (uint)(index * Frame));
}
