namespace Pandora.Host.Http;

/// <summary>Counters of the cooking server's downloads.</summary>
/// <param name="Served">Cooked files sent whole.</param>
/// <param name="Cancelled">Downloads stopped because the client went away; their cooks were cancelled.</param>
/// <param name="Failed">Cooks that failed after the response had started (the connection was aborted).</param>
public readonly record struct CookingServerStats(long Served, long Cancelled, long Failed);
