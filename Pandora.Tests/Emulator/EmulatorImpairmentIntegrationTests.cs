using System.Buffers.Binary;
using Pandora.Emulator;

namespace Pandora.Tests.Emulator;

public sealed class EmulatorImpairmentIntegrationTests
{
    [Fact]
    public async Task Impairments_lose_reorder_duplicate_and_inject_junk()
    {
        var ct = TestContext.Current.CancellationToken;
        var impairments = new MediaImpairments
        {
            Seed = 7, LossRate = 0.1, ReorderRate = 0.1, DuplicateRate = 0.1, MalformedRate = 0.1,
        };
        var options = new EmulatorOptions { Impairments = impairments };
        await using var emulator = await DiscordEmulator.StartAsync(options, ct);
        await using var bot = await RawBot.IdentifyAsync(emulator);
        await bot.JoinAsync();
        await bot.ConnectVoiceAsync("aead_xchacha20_poly1305_rtpsize");

        var speaking = emulator.SpeakAsync(emulator.Members[0].UserId, "alice-3", ct);
        var datagrams = new List<byte[]>();
        while (true)
        {
            using var quiet = new CancellationTokenSource(TimeSpan.FromMilliseconds(speaking.IsCompleted ? 300 : 2000));
            try
            {
                datagrams.Add((await bot.Udp!.ReceiveAsync(quiet.Token)).Buffer);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        var sent = await speaking;
        datagrams.Count.ShouldBe(sent.DatagramsSent);
        var valid = datagrams
            .Where(d => d.Length > 12 && d[0] >> 6 == 2 && d[1] == 0x78)
            .Where(d => RtpOpener.Open(d, bot.SecretKey, bot.Mode) is not null)
            .Select(d => BinaryPrimitives.ReadUInt16BigEndian(d.AsSpan(2)))
            .ToList();
        var frames = sent.PacketCount + 5;
        var junk = datagrams.Count - valid.Count;
        junk.ShouldBeGreaterThan(0);
        valid.Distinct().Count().ShouldBeLessThan(frames);
        valid.Distinct().Count().ShouldBeGreaterThan(frames * 7 / 10);
        (valid.Count - valid.Distinct().Count()).ShouldBeGreaterThan(0);
        valid.Zip(valid.Skip(1)).Count(p => (short)(p.Second - p.First) < 0).ShouldBeGreaterThan(0);
    }
}
