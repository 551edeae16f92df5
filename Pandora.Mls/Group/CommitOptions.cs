using Pandora.Mls.Messages;

namespace Pandora.Mls.Group;

/// <summary>Options of <see cref="MlsGroup.Commit"/>.</summary>
/// <param name="ForcePath">Include an UpdatePath even when the proposals do not require one.</param>
/// <param name="IncludeCachedProposals">Commit every cached proposal by reference (DAVE requires it).</param>
/// <param name="InlineRatchetTree">Put the ratchet_tree extension into the Welcome's GroupInfo.</param>
public sealed record CommitOptions(
    bool ForcePath = true,
    bool IncludeCachedProposals = true,
    bool InlineRatchetTree = true);
