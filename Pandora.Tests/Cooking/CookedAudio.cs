using System.Buffers.Binary;

namespace Pandora.Tests.Cooking;

/// <summary>Decodes cooked files with ffmpeg (an independent decoder) and measures them.</summary>
internal static class CookedAudio
{
    /// <summary>The file decoded by ffmpeg to 48 kHz mono floats in [-1, 1].</summary>
    public static async Task<float[]> DecodeAsync(string path)
    {
        var (exit, pcm, errors) = await ExternalTool.RunAsync("ffmpeg", "-v", "error", "-i", path, "-f", "s16le",
            "-ac", "1", "-ar", "48000", "pipe:1");
        exit.ShouldBe(0, errors);
        return Enumerable.Range(0, pcm.Length / 2)
            .Select(i => BinaryPrimitives.ReadInt16LittleEndian(pcm.AsSpan(i * 2)) / 32768f).ToArray();
    }

    /// <summary>First sample at or after <paramref name="fromSeconds"/> louder than <paramref name="threshold"/>,
    /// or -1.</summary>
    public static int Onset(float[] samples, double fromSeconds, float threshold = 0.05f)
    {
        for (int i = (int)(fromSeconds * 48_000); i < samples.Length; i++)
        {
            if (Math.Abs(samples[i]) > threshold)
            {
                return i;
            }
        }

        return -1;
    }
}
