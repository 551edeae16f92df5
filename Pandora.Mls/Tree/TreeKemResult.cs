using Pandora.Mls.Messages;

namespace Pandora.Mls.Tree;

/// <summary>Outcome of encrypting or decrypting an UpdatePath.</summary>
/// <param name="CommitSecret">The commit secret for the key schedule.</param>
/// <param name="PathSecrets">Path secret per node index that this member now knows.</param>
/// <param name="PrivateKeys">Node private key per node index derived from those path secrets.</param>
public sealed record TreeKemResult(
    byte[] CommitSecret,
    IReadOnlyDictionary<uint, byte[]> PathSecrets,
    IReadOnlyDictionary<uint, byte[]> PrivateKeys);
