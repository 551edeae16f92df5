using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Pandora.Emulator;

namespace Pandora.Tests.Emulator;

/// <summary>The minimum of a voice bot, written against the wire only: gateway, voice gateway, IP discovery.</summary>
internal sealed class RawBot : IAsyncDisposable
{
    private readonly DiscordEmulator _emulator;

    private RawBot(DiscordEmulator emulator) => _emulator = emulator;

    public RawSocket Gateway { get; private set; } = null!;

    public RawSocket? Voice { get; private set; }

    public UdpClient? Udp { get; private set; }

    public string SessionId { get; private set; } = "";

    public ulong GuildId => _emulator.GuildId;

    public int LastSeq { get; set; }

    public string VoiceSessionId { get; private set; } = "";

    public string VoiceToken { get; private set; } = "";

    public string VoiceEndpoint { get; private set; } = "";

    public uint Ssrc { get; private set; }

    public byte[] SecretKey { get; private set; } = [];

    public string Mode { get; private set; } = "";

    /// <summary>The <c>dave_protocol_version</c> of Session Description.</summary>
    public int DaveVersion { get; private set; }

    public JsonElement Ready { get; private set; }

    public JsonElement GuildCreate { get; private set; }

    /// <summary>Connects and identifies; READY and GUILD_CREATE are read.</summary>
    public static async Task<RawBot> IdentifyAsync(DiscordEmulator emulator)
    {
        var bot = new RawBot(emulator);
        bot.Gateway = await RawSocket.ConnectAsync(emulator.GatewayAddress + "?v=10&encoding=json");
        var hello = await bot.Gateway.ReceiveOpAsync(10);
        hello.GetProperty("d").GetProperty("heartbeat_interval").GetInt32().ShouldBePositive();
        await bot.Gateway.SendAsync($$$"""
            {"op":2,"d":{"token":"{{{emulator.BotToken}}}","intents":33409,
             "properties":{"os":"linux","browser":"raw","device":"raw"} } }
            """);
        bot.Ready = await bot.ReceiveDispatchAsync("READY");
        bot.SessionId = bot.Ready.GetProperty("d").GetProperty("session_id").GetString()!;
        bot.GuildCreate = await bot.ReceiveDispatchAsync("GUILD_CREATE");
        return bot;
    }

    public async Task<JsonElement> ReceiveDispatchAsync(string eventName, double timeoutSeconds = 5)
    {
        var message = await Gateway.ReceiveDispatchAsync(eventName, timeoutSeconds);
        LastSeq = message.GetProperty("s").GetInt32();
        return message;
    }

    /// <summary>Op 4 join; reads the bot's VOICE_STATE_UPDATE and the VOICE_SERVER_UPDATE.</summary>
    public async Task JoinAsync()
    {
        await Gateway.SendAsync($$$"""
            {"op":4,"d":{"guild_id":"{{{_emulator.GuildId}}}","channel_id":"{{{_emulator.VoiceChannelId}}}",
            "self_mute":true,"self_deaf":false}}
            """);
        var state = await Gateway.ReceiveUntilAsync(m => m.GetProperty("op").GetInt32() == 0
            && m.GetProperty("t").GetString() == "VOICE_STATE_UPDATE"
            && m.GetProperty("d").GetProperty("user_id").GetString() == _emulator.BotUserId.ToString());
        VoiceSessionId = state.GetProperty("d").GetProperty("session_id").GetString()!;
        var server = await ReceiveDispatchAsync("VOICE_SERVER_UPDATE");
        VoiceToken = server.GetProperty("d").GetProperty("token").GetString()!;
        VoiceEndpoint = server.GetProperty("d").GetProperty("endpoint").GetString()!;
    }

    /// <summary>Uses the token and endpoint of a later VOICE_SERVER_UPDATE for the next voice connection.</summary>
    public void UseVoiceServer(string token, string endpoint)
    {
        VoiceToken = token;
        VoiceEndpoint = endpoint;
    }

    /// <summary>
    /// Voice Identify → Hello + Ready → IP discovery → Select Protocol → Session Description. The raw bot says
    /// <c>max_dave_protocol_version</c> 0 unless told otherwise, so the call is transport-only (no DAVE).
    /// </summary>
    public async Task ConnectVoiceAsync(string mode = "aead_aes256_gcm_rtpsize", int maxDaveVersion = 0)
    {
        Voice = await RawSocket.ConnectAsync($"ws://{VoiceEndpoint}/?v=8");
        await Voice.SendAsync($$$"""
            {"op":0,"d":{"server_id":"{{{_emulator.GuildId}}}","user_id":"{{{_emulator.BotUserId}}}",
             "session_id":"{{{VoiceSessionId}}}","token":"{{{VoiceToken}}}",
             "max_dave_protocol_version":{{{maxDaveVersion}}}}}
            """);
        var hello = await Voice.ReceiveOpAsync(8);
        hello.GetProperty("d").GetProperty("heartbeat_interval").GetDouble().ShouldBePositive();
        var ready = (await Voice.ReceiveOpAsync(2)).GetProperty("d");
        Ssrc = ready.GetProperty("ssrc").GetUInt32();
        ready.GetProperty("ip").GetString().ShouldBe("127.0.0.1");
        var modes = ready.GetProperty("modes").EnumerateArray().Select(m => m.GetString()).ToList();
        modes.ShouldContain("aead_aes256_gcm_rtpsize");
        modes.ShouldContain("aead_xchacha20_poly1305_rtpsize");

        Udp = new UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        var server = new IPEndPoint(IPAddress.Parse("127.0.0.1"), ready.GetProperty("port").GetInt32());
        var request = new byte[74];
        BinaryPrimitives.WriteUInt16BigEndian(request, 1);
        BinaryPrimitives.WriteUInt16BigEndian(request.AsSpan(2), 70);
        BinaryPrimitives.WriteUInt32BigEndian(request.AsSpan(4), Ssrc);
        await Udp.SendAsync(request, server);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        var answer = (await Udp.ReceiveAsync(timeout.Token)).Buffer;
        answer.Length.ShouldBe(74);
        BinaryPrimitives.ReadUInt16BigEndian(answer).ShouldBe((ushort)2);
        var address = Encoding.ASCII.GetString(answer, 8, 64).TrimEnd('\0');
        var port = BinaryPrimitives.ReadUInt16BigEndian(answer.AsSpan(72));
        address.ShouldBe("127.0.0.1");
        port.ShouldBe((ushort)((IPEndPoint)Udp.Client.LocalEndPoint!).Port);

        await Voice.SendAsync($$$"""
            {"op":1,"d":{"protocol":"udp","data":{"address":"{{{address}}}","port":{{{port}}},"mode":"{{{mode}}}"} } }
            """);
        var description = (await Voice.ReceiveOpAsync(4)).GetProperty("d");
        Mode = description.GetProperty("mode").GetString()!;
        DaveVersion = description.GetProperty("dave_protocol_version").GetInt32();
        SecretKey = [.. description.GetProperty("secret_key").EnumerateArray().Select(b => (byte)b.GetInt32())];
        SecretKey.Length.ShouldBe(32);
    }

    public async ValueTask DisposeAsync()
    {
        if (Voice is not null)
        {
            await Voice.DisposeAsync();
        }

        Udp?.Dispose();
        await Gateway.DisposeAsync();
    }
}
