using Pandora.Cooking.Cook;

namespace Pandora.Host.Http;

/// <summary>Settings of the cooking server.</summary>
public sealed record CookingServerOptions
{
    /// <summary>Address to listen on; loopback unless changed on purpose (say, behind a reverse proxy).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (tests).</summary>
    public int Port { get; init; } = 3004;

    /// <summary>Where finished recordings live: <c>&lt;store&gt;/&lt;id&gt;/&lt;id&gt;.ogg.*</c>.</summary>
    public required string StoreFolder { get; init; }

    /// <summary>Where the recorder writes recordings in progress.</summary>
    public required string WorkFolder { get; init; }

    /// <summary>Cooks served at once; more get 503 and may retry.</summary>
    public int MaxConcurrentCooks { get; init; } = Math.Max(2, Environment.ProcessorCount * 2);

    /// <summary>External encoders; null finds them on PATH.</summary>
    public AudioEncoders? Encoders { get; init; }
}
