using System.Text.Json;
using Pandora.Discord.Gateway;
using Pandora.Discord.Gateway.Internal;

namespace Pandora.Tests.Discord;

public sealed class GatewayParserUnitTests
{
    [Fact]
    public void Parse_guildCreate_readsChannelsVoiceStatesAndMemberUsers()
    {
        var evt = Parse("GUILD_CREATE", """
            {"id":"10","name":"Guild",
             "channels":[{"id":"20","name":"Voice","type":2},{"id":"21","name":"text","type":0}],
             "members":[{"user":{"id":"30","username":"ann","global_name":"Ann","discriminator":"0"}}],
             "voice_states":[{"channel_id":"20","user_id":"30","session_id":"s","self_mute":true,"self_deaf":false},
                             {"channel_id":"20","user_id":"31","session_id":"t"}]}
            """).ShouldBeOfType<GuildCreateEvent>();

        evt.GuildId.ShouldBe(10ul);
        evt.Name.ShouldBe("Guild");
        evt.Channels.ShouldBe([new DiscordChannel(20, "Voice", 2), new DiscordChannel(21, "text", 0)]);
        evt.VoiceStates.Count.ShouldBe(2);
        var ann = evt.VoiceStates[0];
        (ann.GuildId, ann.ChannelId, ann.UserId, ann.SelfMute, ann.SelfDeaf)
            .ShouldBe((10ul, (ulong?)20, 30ul, true, false));
        ann.User!.DisplayName.ShouldBe("Ann");
        evt.VoiceStates[1].User.ShouldBeNull();
    }

    [Fact]
    public void Parse_unavailableGuild_isIgnored()
    {
        Parse("GUILD_CREATE", """{"id":"10","unavailable":true}""").ShouldBeNull();
    }

    [Fact]
    public void Parse_voiceStateUpdateLeaving_hasNullChannelAndMemberUser()
    {
        var evt = Parse("VOICE_STATE_UPDATE", """
            {"guild_id":"1","channel_id":null,"user_id":"2","session_id":"abc","self_mute":false,"self_deaf":true,
             "member":{"user":{"id":"2","username":"bob","discriminator":"1234","bot":false}}}
            """).ShouldBeOfType<VoiceStateUpdateEvent>();

        evt.State.ChannelId.ShouldBeNull();
        evt.State.SessionId.ShouldBe("abc");
        evt.State.SelfDeaf.ShouldBeTrue();
        evt.State.User!.Discriminator.ShouldBe("1234");
    }

    [Fact]
    public void Parse_voiceServerUpdateNullEndpoint_keepsNull()
    {
        var evt = Parse("VOICE_SERVER_UPDATE", """{"guild_id":"1","token":"t","endpoint":null}""")
            .ShouldBeOfType<VoiceServerUpdateEvent>();

        evt.Endpoint.ShouldBeNull();
        evt.Token.ShouldBe("t");
    }

    [Fact]
    public void Parse_messageCreate_readsAuthorAndContent()
    {
        var evt = Parse("MESSAGE_CREATE", """
            {"id":"5","channel_id":"6","guild_id":"7","content":"!record","author":{"id":"8","username":"c"}}
            """).ShouldBeOfType<MessageCreateEvent>();

        (evt.MessageId, evt.ChannelId, evt.GuildId, evt.Author.Id, evt.Content)
            .ShouldBe((5ul, 6ul, (ulong?)7, 8ul, "!record"));
    }

    [Fact]
    public void Parse_slashCommandWithSubcommand_flattensOptions()
    {
        var evt = Parse("INTERACTION_CREATE", """
            {"id":"1","application_id":"2","type":2,"token":"tok","guild_id":"3","channel_id":"4",
             "member":{"user":{"id":"5","username":"d"}},
             "data":{"id":"9","name":"record","type":1,"options":[
               {"name":"start","type":1,"options":[{"name":"label","type":3,"value":"weekly"},
                                                   {"name":"minutes","type":4,"value":30},
                                                   {"name":"mixed","type":5,"value":true}]}]}}
            """).ShouldBeOfType<InteractionCreateEvent>();

        evt.CommandName.ShouldBe("record");
        evt.User.Id.ShouldBe(5ul);
        evt.InteractionToken.ShouldBe("tok");
        evt.Options["start"].ShouldBe("");
        evt.Options["label"].ShouldBe("weekly");
        evt.Options["minutes"].ShouldBe("30");
        evt.Options["mixed"].ShouldBe("true");
    }

    [Fact]
    public void Parse_componentInteraction_isIgnored()
    {
        Parse("INTERACTION_CREATE", """{"id":"1","application_id":"2","type":3,"token":"t"}""").ShouldBeNull();
    }

    [Fact]
    public void Parse_dmInteraction_usesUser()
    {
        var evt = Parse("INTERACTION_CREATE", """
            {"id":"1","application_id":"2","type":2,"token":"t","user":{"id":"6","username":"e"},"data":{"name":"x"}}
            """).ShouldBeOfType<InteractionCreateEvent>();

        evt.GuildId.ShouldBeNull();
        evt.User.Id.ShouldBe(6ul);
        evt.Options.ShouldBeEmpty();
    }

    [Fact]
    public void Parse_badSnowflake_throwsFieldError()
    {
        Should.Throw<PayloadFieldException>(() => Parse("VOICE_SERVER_UPDATE", """{"guild_id":"x1","token":"t"}"""))
            .Field.ShouldBe("guild_id");
    }

    [Fact]
    public void ToString_eventsWithSecrets_hidesTokensAndSessionIds()
    {
        var user = new DiscordUser(1, "u", null, "0", false);
        object[] events =
        [
            new ReadyEvent(user, 2, "SECRET-session"),
            new VoiceStateUpdateEvent(new VoiceState(1, 2, 3, "SECRET-session", false, false, user)),
            new VoiceServerUpdateEvent(1, "SECRET-token", "host:1"),
            new InteractionCreateEvent(1, "SECRET-token", 2, 3, 4, user, "record", new Dictionary<string, string>()),
        ];

        foreach (var evt in events)
        {
            evt.ToString()!.ShouldNotContain("SECRET");
        }
    }

    private static GatewayEvent? Parse(string type, string json)
    {
        using var doc = JsonDocument.Parse(json);
        return GatewayParser.Parse(type, doc.RootElement);
    }
}
