using Concentus;
using Pandora.Emulator.Media;
using Pandora.Emulator.Speech;

namespace Pandora.Tests.Emulator;

public sealed class EmulatorUnitTests
{
    private static readonly byte[] s_key = [.. Enumerable.Range(0, 32).Select(i => (byte)i)];

    private static readonly byte[] s_opus = Convert.FromHexString("fc0102030405");

    [Theory]
    [InlineData(TransportMode.AeadAes256GcmRtpSize,
        "90780001000009600000abcdbede00014f18d48186292188ebd709f64a6166698f9c612c46490f8a6dd700000007")]
    [InlineData(TransportMode.AeadXChaCha20Poly1305RtpSize,
        "90780001000009600000abcdbede0001a6485d3784c3ab48d346f26fd30cf55285b7d74f83488575db9c00000007")]
    public void Seal_brief_vector_matches_byte_for_byte(TransportMode mode, string expected)
    {
        using var sealer = new RtpSealer(mode, s_key);

        var packet = sealer.Seal(sequence: 1, timestamp: 0x960, ssrc: 0xabcd, counter: 7, s_opus);

        Convert.ToHexStringLower(packet).ShouldBe(expected);
    }

    [Theory]
    [InlineData(TransportMode.AeadAes256GcmRtpSize, "aead_aes256_gcm_rtpsize")]
    [InlineData(TransportMode.AeadXChaCha20Poly1305RtpSize, "aead_xchacha20_poly1305_rtpsize")]
    public void Seal_then_open_in_test_code_returns_the_opus_frame(TransportMode mode, string name)
    {
        using var sealer = new RtpSealer(mode, s_key);

        var packet = sealer.Seal(65535, uint.MaxValue, 42, 123456, s_opus);

        RtpOpener.Open(packet, s_key, name).ShouldBe(s_opus);
    }

    [Fact]
    public void Speech_clips_are_small_and_at_least_nine()
    {
        SpeechClip.Names.Count.ShouldBeGreaterThanOrEqualTo(9);
        SpeechClip.Names.ShouldContain("alice-1");
        SpeechClip.Names.ShouldContain("bob-1");
        SpeechClip.Names.ShouldContain("carol-1");
        var bytes = SpeechClip.Names.Sum(n => SpeechClip.Load(n).Packets.Sum(p => p.Length));
        bytes.ShouldBeLessThan(300_000);
    }

    [Fact]
    public void Speech_clips_decode_to_non_silent_audio_of_the_expected_length()
    {
        foreach (var name in SpeechClip.Names)
        {
            var clip = SpeechClip.Load(name);
            clip.Duration.ShouldBeInRange(TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(6), name);
            clip.PreSkip.ShouldBeInRange(0, 1000);

            var pcm = clip.DecodePcm();

            pcm.Length.ShouldBe(clip.Packets.Count * 960);
            var rms = Math.Sqrt(pcm.Average(s => (double)s * s));
            rms.ShouldBeGreaterThan(0.01, name);
            pcm.Max(Math.Abs).ShouldBeLessThanOrEqualTo(1.5f);
        }
    }

    [Fact]
    public void Speech_clips_have_20_ms_packets_that_concentus_reads()
    {
        var decoder = OpusCodecFactory.CreateDecoder(48000, 1);
        foreach (var packet in SpeechClip.Load("bob-2").Packets)
        {
            var pcm = new float[5760];
            decoder.Decode(packet, pcm, 5760).ShouldBe(960);
        }
    }

    [Fact]
    public void Speech_voices_differ_in_pitch()
    {
        // Zero-crossing rate as a crude pitch proxy: the three voices are clearly different.
        var rates = new[] { "alice-1", "bob-1", "carol-1" }.Select(n =>
        {
            var pcm = SpeechClip.Load(n).DecodePcm();
            var crossings = 0;
            for (var i = 1; i < pcm.Length; i++)
            {
                crossings += Math.Sign(pcm[i]) != Math.Sign(pcm[i - 1]) ? 1 : 0;
            }

            return crossings / (double)pcm.Length;
        }).ToArray();

        rates.Distinct().Count().ShouldBe(3);
    }

    [Fact]
    public void Ogg_reader_rejects_garbage()
    {
        Should.Throw<InvalidDataException>(() => OggOpusReader.Read("not an ogg file at all, definitely"u8));
    }
}

public sealed class ScenarioUnitTests
{
    /// <summary>The five silence frames after each utterance.</summary>
    private static readonly TimeSpan s_silence = TimeSpan.FromMilliseconds(100);

    [Fact]
    public void Default_has_three_distinct_voices_a_member_in_voice_and_a_late_joiner()
    {
        var scenario = Pandora.Emulator.Scenarios.Scenario.Default;

        scenario.Members.Count.ShouldBeGreaterThanOrEqualTo(3);
        scenario.Members.Select(m => m.Voice).Distinct().Count().ShouldBe(scenario.Members.Count);
        scenario.Members.Count(m => m.InVoiceAtStart).ShouldBe(1);
        scenario.Member(scenario.RequesterId).InVoiceAtStart.ShouldBeTrue();
        scenario.Joins.ShouldContain(j => j.At > TimeSpan.FromSeconds(5));
        scenario.GuildName.ShouldBe("Pandora Test Guild");
        scenario.VoiceChannelName.ShouldBe("General");
    }

    [Fact]
    public void Default_timeline_spans_20_s_with_overlaps_and_no_self_overlap()
    {
        var scenario = Pandora.Emulator.Scenarios.Scenario.Default;
        var spans = scenario.Utterances
            .Select(u => (u.UserId, Start: u.At, End: u.At + SpeechClip.Load(u.Clip).Duration + s_silence))
            .OrderBy(s => s.Start).ToList();

        (spans[^1].End - spans[0].Start).ShouldBeGreaterThan(TimeSpan.FromSeconds(20));
        scenario.EndAt.ShouldBeGreaterThan(spans.Max(s => s.End));
        var overlaps = spans
            .SelectMany((a, i) => spans.Skip(i + 1).Where(b => b.Start < a.End).Select(b => (a, b)))
            .ToList();
        overlaps.Count.ShouldBeGreaterThanOrEqualTo(2);
        overlaps.ShouldAllBe(p => p.a.UserId != p.b.UserId);
        foreach (var u in scenario.Utterances)
        {
            var joined = scenario.Member(u.UserId).InVoiceAtStart
                || scenario.Joins.Any(j => j.UserId == u.UserId && j.At <= u.At);
            joined.ShouldBeTrue(u.Clip);
        }
    }
}

public sealed class EmulatorScenarioValidationTests
{
    [Fact]
    public async Task RunScenarioAsync_with_another_guild_throws()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var emulator = await Pandora.Emulator.DiscordEmulator.StartAsync(new(), ct);
        var other = Pandora.Emulator.Scenarios.Scenario.Default with { GuildId = 42 };

        await Should.ThrowAsync<ArgumentException>(() => emulator.RunScenarioAsync(other, ct));
    }
}
