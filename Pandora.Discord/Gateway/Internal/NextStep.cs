namespace Pandora.Discord.Gateway.Internal;

/// <summary>What the gateway client does after a connection ended.</summary>
internal enum NextStep
{
    /// <summary>Reconnect to resume_gateway_url and send op 6 (Identify when there is no session).</summary>
    Resume = 1,

    /// <summary>Drop the session, reconnect and Identify.</summary>
    Identify = 2,

    /// <summary>Op 9 with d=false: drop the session, wait 1-5 s, reconnect and Identify.</summary>
    IdentifyAfterDelay = 3,

    /// <summary>Give up for good (bad token, intents, disposed).</summary>
    Stop = 4,
}

/// <summary>Why and how a connection ended. <paramref name="Healthy"/>: Hello was received on it.</summary>
internal sealed record ConnectionOutcome(NextStep Next, int? CloseCode, string Reason, bool Healthy = false);
