using Concentus;
using Concentus.Enums;
using Pandora.Cooking.Raw;

namespace Pandora.Benchmarks;

/// <summary>
/// Writes a synthetic raw recording: <c>speakers</c> people taking turns for <c>duration</c>, each talking in
/// bursts of 1 to 8 seconds with pauses between, so that about half the recording has someone speaking and there
/// are thousands of gaps. The packets are real Opus (20 ms, 64 kb/s stereo) of a voice-like signal (a wobbling
/// harmonic tone with noise), encoded once per speaker for 10 s and then reused in a loop, so writing an hour
/// takes seconds. Granules follow our writer's convention (packet end), with Craig's reference pages.
/// </summary>
public static class SyntheticRecording
{
    private const int Frame = 960;

    public static void Write(string folder, string id, TimeSpan duration, int speakers, int seed = 1)
    {
        long total = (long)(duration.TotalSeconds * 48_000);
        var random = new Random(seed);
        var info = new RawRecordingInfo(id, "key", "delete", 1, "bench", DateTimeOffset.UtcNow, 1, "Bench", 2,
            "bench-channel");
        using IRawRecordingWriter writer = RawRecording.Create(folder, info);
        var loops = new byte[speakers][][];
        for (int s = 0; s < speakers; s++)
        {
            writer.AddTrack(new RawUser(s + 1, (ulong)(100 + s), $"speaker{s + 1}", null, "0", false));
            loops[s] = Encode(120 + (40 * s), random);
        }

        long at = 0;
        var next = new int[speakers];
        while (at < total)
        {
            int speaker = random.Next(speakers);
            int packets = random.Next(50, 400);
            for (int p = 0; p < packets && at + Frame <= total; p++)
            {
                at += Frame;
                byte[] packet = loops[speaker][next[speaker]++ % loops[speaker].Length];
                writer.WriteAudio(speaker + 1, (ulong)at, packet, (uint)at);
            }

            at += random.Next(10, 150) * Frame; // a pause, some short, some seconds long
        }

        writer.Seal((ulong)total);
    }

    private static byte[][] Encode(double pitch, Random random)
    {
        IOpusEncoder encoder = OpusCodecFactory.CreateEncoder(48_000, 2, OpusApplication.OPUS_APPLICATION_VOIP);
        encoder.Bitrate = 64_000;
        var pcm = new float[Frame * 2];
        var output = new byte[1500];
        var packets = new byte[500][];
        double phase = 0;
        for (int p = 0; p < packets.Length; p++)
        {
            for (int i = 0; i < Frame; i++)
            {
                double t = ((p * Frame) + i) / 48_000.0;
                double f = pitch * (1 + (0.1 * Math.Sin(2 * Math.PI * 3 * t)));
                phase += 2 * Math.PI * f / 48_000;
                double syllable = 0.5 + (0.5 * Math.Sin(2 * Math.PI * 4 * t));
                double v = syllable * ((0.3 * Math.Sin(phase)) + (0.15 * Math.Sin(2 * phase)) +
                    (0.08 * Math.Sin(3 * phase)) + (0.02 * ((random.NextDouble() * 2) - 1)));
                pcm[2 * i] = pcm[(2 * i) + 1] = (float)v;
            }

            int length = encoder.Encode(pcm, Frame, output, output.Length);
            packets[p] = output[..length];
        }

        (encoder as IDisposable)?.Dispose();
        return packets;
    }
}
