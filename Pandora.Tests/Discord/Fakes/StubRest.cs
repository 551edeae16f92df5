using Pandora.Discord.Rest;

namespace Pandora.Tests.Discord.Fakes;

/// <summary>REST that only knows the gateway URL.</summary>
internal sealed class StubRest(Uri gateway) : IDiscordRest
{
    public int GatewayCalls;

    public Task<Uri> GetGatewayUrlAsync(CancellationToken cancellationToken = default)
    {
        Interlocked.Increment(ref GatewayCalls);
        return Task.FromResult(gateway);
    }

    public Task OverwriteCommandsAsync(
        ulong applicationId,
        ulong? guildId,
        IReadOnlyList<SlashCommand> commands,
        CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task DeferInteractionAsync(
        ulong interactionId,
        string interactionToken,
        CancellationToken cancellationToken = default) =>
        Task.CompletedTask;

    public Task EditOriginalResponseAsync(
        ulong applicationId,
        string interactionToken,
        string content,
        CancellationToken cancellationToken = default) => Task.CompletedTask;

    public Task CreateMessageAsync(ulong channelId, string content, CancellationToken cancellationToken = default) =>
        Task.CompletedTask;
}
