using System.Buffers.Binary;
using System.Text.Json;
using Concentus;
using Pandora.Emulator;
using Pandora.Emulator.Speech;

namespace Pandora.Tests.Emulator;

public sealed class EmulatorVoiceIntegrationTests : IAsyncLifetime
{
    private DiscordEmulator _emulator = null!;

    public async ValueTask InitializeAsync() =>
        _emulator = await DiscordEmulator.StartAsync(new EmulatorOptions(), TestContext.Current.CancellationToken);

    public async ValueTask DisposeAsync() => await _emulator.DisposeAsync();

    [Theory]
    [InlineData("aead_aes256_gcm_rtpsize")]
    [InlineData("aead_xchacha20_poly1305_rtpsize")]
    public async Task Handshake_then_speech_decrypts_and_decodes(string mode)
    {
        await using var bot = await RawBot.IdentifyAsync(_emulator);
        await bot.JoinAsync();
        await bot.ConnectVoiceAsync(mode);
        bot.Mode.ShouldBe(mode);
        _emulator.VoiceSessionEstablished.ShouldBeTrue();
        var alice = _emulator.Members[0].UserId;

        var speaking = _emulator.SpeakAsync(alice, "alice-3", TestContext.Current.CancellationToken);
        var op5 = (await bot.Voice!.ReceiveOpAsync(5)).GetProperty("d");
        var packets = await ReceivePacketsAsync(bot, SpeechClip.Load("alice-3").Packets.Count + 5);
        var sent = await speaking;

        op5.GetProperty("user_id").GetString().ShouldBe(alice.ToString());
        op5.GetProperty("ssrc").GetUInt32().ShouldBe(sent.Ssrc);
        var decoder = OpusCodecFactory.CreateDecoder(48000, 1);
        var frames = new List<byte[]>();
        foreach (var packet in packets)
        {
            packet[0].ShouldBe((byte)0x90);
            packet[1].ShouldBe((byte)0x78);
            BinaryPrimitives.ReadUInt32BigEndian(packet.AsSpan(8)).ShouldBe(sent.Ssrc);
            var opus = RtpOpener.Open(packet, bot.SecretKey, mode);
            opus.ShouldNotBeNull();
            frames.Add(opus);
        }

        BinaryPrimitives.ReadUInt32BigEndian(packets[0].AsSpan(4)).ShouldBe(sent.FirstRtpTimestamp);
        BinaryPrimitives.ReadUInt16BigEndian(packets[0].AsSpan(2)).ShouldBe(sent.FirstSequence);
        (BinaryPrimitives.ReadUInt32BigEndian(packets[1].AsSpan(4)) - sent.FirstRtpTimestamp).ShouldBe(960u);
        frames[^1].ShouldBe(new byte[] { 0xF8, 0xFF, 0xFE });
        var pcm = new float[960];
        decoder.Decode(frames[10], pcm, 960).ShouldBe(960);
        sent.PacketCount.ShouldBe(frames.Count - 5);
        sent.DatagramsSent.ShouldBe(frames.Count);
        (_emulator.Stats with { Dave = default }).ShouldBe(new EmulatorStats(frames.Count, 1, 1, 1, 0));
    }

    [Fact]
    public async Task Identify_with_stale_token_closes_4004()
    {
        await using var bot = await RawBot.IdentifyAsync(_emulator);
        await bot.JoinAsync();
        var stale = bot.VoiceToken;
        await bot.JoinAsync();
        await using var voice = await RawSocket.ConnectAsync($"ws://{bot.VoiceEndpoint}/?v=8");

        await voice.SendAsync($$$"""
            {"op":0,"d":{"server_id":"{{{_emulator.GuildId}}}","user_id":"{{{_emulator.BotUserId}}}",
            "session_id":"{{{bot.VoiceSessionId}}}","token":"{{{stale}}}"}}
            """);

        (await voice.ReceiveCloseAsync()).ShouldBe(4004);
    }

    [Fact]
    public async Task Select_before_identify_closes_4003()
    {
        await using var voice = await RawSocket.ConnectAsync($"ws://{_emulator.VoiceEndpoint}/?v=8");

        await voice.SendAsync("""
            {"op":1,"d":{"protocol":"udp","data":{"address":"127.0.0.1","port":1,"mode":"aead_aes256_gcm_rtpsize"}}}
            """);

        (await voice.ReceiveCloseAsync()).ShouldBe(4003);
    }

    [Fact]
    public async Task Heartbeat_ack_echoes_the_nonce()
    {
        await using var voice = await RawSocket.ConnectAsync($"ws://{_emulator.VoiceEndpoint}/?v=8");
        var hello = await voice.ReceiveOpAsync(8);
        hello.GetProperty("d").GetProperty("heartbeat_interval").GetDouble().ShouldBe(13750.25);

        await voice.SendAsync("""{"op":3,"d":{"t":1733312345678,"seq_ack":-1}}""");

        var ack = await voice.ReceiveOpAsync(6);
        ack.GetProperty("d").GetProperty("t").GetInt64().ShouldBe(1733312345678);
    }

    [Fact]
    public async Task Resume_after_drop_gets_resumed_then_missed_messages()
    {
        await using var bot = await RawBot.IdentifyAsync(_emulator);
        await bot.JoinAsync();
        await bot.ConnectVoiceAsync();
        var clients = await bot.Voice!.ReceiveOpAsync(11);
        var lastSeq = clients.GetProperty("seq").GetInt32();

        await _emulator.DropVoiceConnectionsAsync();
        await Should.ThrowAsync<System.Net.WebSockets.WebSocketException>(() => bot.Voice.ReceiveAsync());
        await _emulator.JoinVoiceAsync(_emulator.Members[2].UserId);
        await using var voice = await RawSocket.ConnectAsync($"ws://{bot.VoiceEndpoint}/?v=8");
        await voice.SendAsync($$$"""
            {"op":7,"d":{"server_id":"{{{_emulator.GuildId}}}","session_id":"{{{bot.VoiceSessionId}}}",
            "token":"{{{bot.VoiceToken}}}","seq_ack":{{{lastSeq}}}}}
            """);

        await voice.ReceiveOpAsync(9);
        var missed = await voice.ReceiveOpAsync(11);
        missed.GetProperty("seq").GetInt32().ShouldBe(lastSeq + 1);
        missed.GetProperty("d").GetProperty("user_ids")[0].GetString().ShouldBe(_emulator.Members[2].UserId.ToString());
    }

    [Fact]
    public async Task Unknown_mode_closes_4016()
    {
        await using var bot = await RawBot.IdentifyAsync(_emulator);
        await bot.JoinAsync();
        await using var voice = await RawSocket.ConnectAsync($"ws://{bot.VoiceEndpoint}/?v=8");
        await voice.SendAsync($$$"""
            {"op":0,"d":{"server_id":"{{{_emulator.GuildId}}}","user_id":"{{{_emulator.BotUserId}}}",
            "session_id":"{{{bot.VoiceSessionId}}}","token":"{{{bot.VoiceToken}}}"}}
            """);
        await voice.ReceiveOpAsync(2);

        await voice.SendAsync("""
            {"op":1,"d":{"protocol":"udp","data":{"address":"127.0.0.1","port":9,"mode":"xsalsa20_poly1305"}}}
            """);

        (await voice.ReceiveCloseAsync()).ShouldBe(4016);
    }

    [Fact]
    public async Task VoiceServerUpdate_with_null_endpoint_gives_new_token()
    {
        await using var bot = await RawBot.IdentifyAsync(_emulator);
        await bot.JoinAsync();

        await _emulator.SendVoiceServerUpdateAsync(null);

        var update = (await bot.ReceiveDispatchAsync("VOICE_SERVER_UPDATE")).GetProperty("d");
        update.GetProperty("endpoint").ValueKind.ShouldBe(JsonValueKind.Null);
        update.GetProperty("token").GetString().ShouldNotBe(bot.VoiceToken);
    }

    [Fact]
    public async Task Media_keeps_flowing_while_the_voice_socket_is_down()
    {
        await using var bot = await RawBot.IdentifyAsync(_emulator);
        await bot.JoinAsync();
        await bot.ConnectVoiceAsync();

        await _emulator.DropVoiceConnectionsAsync();
        var ct = TestContext.Current.CancellationToken;
        var speaking = _emulator.SpeakAsync(_emulator.Members[0].UserId, "alice-3", ct);
        var packets = await ReceivePacketsAsync(bot, 20);

        RtpOpener.Open(packets[^1], bot.SecretKey, bot.Mode).ShouldNotBeNull();
        (await speaking).DatagramsSent.ShouldBeGreaterThan(20);
    }

    [Fact]
    public async Task New_voice_server_update_then_identify_gets_a_new_key_and_media()
    {
        await using var bot = await RawBot.IdentifyAsync(_emulator);
        await bot.JoinAsync();
        await bot.ConnectVoiceAsync();
        var oldKey = bot.SecretKey;
        var oldVoice = bot.Voice!;

        await _emulator.SendVoiceServerUpdateAsync();
        var update = (await bot.ReceiveDispatchAsync("VOICE_SERVER_UPDATE")).GetProperty("d");
        _emulator.VoiceSessionEstablished.ShouldBeFalse();
        await oldVoice.DisposeAsync();
        bot.Udp!.Dispose();
        bot.UseVoiceServer(update.GetProperty("token").GetString()!, update.GetProperty("endpoint").GetString()!);
        await bot.ConnectVoiceAsync("aead_xchacha20_poly1305_rtpsize");
        var ct = TestContext.Current.CancellationToken;
        var speaking = _emulator.SpeakAsync(_emulator.Members[1].UserId, "bob-3", ct);
        var packets = await ReceivePacketsAsync(bot, 5);

        bot.SecretKey.ShouldNotBe(oldKey);
        RtpOpener.Open(packets[0], bot.SecretKey, bot.Mode).ShouldNotBeNull();
        RtpOpener.Open(packets[0], oldKey, bot.Mode).ShouldBeNull();
        await speaking;
    }

    private static async Task<List<byte[]>> ReceivePacketsAsync(RawBot bot, int count)
    {
        var packets = new List<byte[]>();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (packets.Count < count)
        {
            var datagram = (await bot.Udp!.ReceiveAsync(timeout.Token)).Buffer;
            if (datagram.Length > 12 && (datagram[1] & 0x7F) == 0x78)
            {
                packets.Add(datagram);
            }
        }

        return packets;
    }
}
