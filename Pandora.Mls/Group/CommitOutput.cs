using Pandora.Mls.Messages;

namespace Pandora.Mls.Group;

/// <summary>What <see cref="MlsGroup.Commit"/> produced.</summary>
/// <param name="Commit">The commit as an MLSMessage (PublicMessage) to send.</param>
/// <param name="Welcome">The Welcome for added members, or null when nobody was added.</param>
public sealed record CommitOutput(MlsMessage Commit, Welcome? Welcome);
