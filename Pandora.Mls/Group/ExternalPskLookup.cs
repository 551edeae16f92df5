namespace Pandora.Mls.Group;

/// <summary>Looks up an external pre-shared key by its psk_id; null when unknown.</summary>
public delegate byte[]? ExternalPskLookup(byte[] pskId);
