namespace Pandora.Emulator;

/// <summary>The emulated voice server's DAVE counters (a snapshot).</summary>
/// <param name="Epoch">The group's current epoch (0 = no group).</param>
/// <param name="KeyPackages">Key packages accepted (op 26, from the bot and the members).</param>
/// <param name="Proposals">External proposals sent (one per Add or Remove, op 27).</param>
/// <param name="Commits">Winning commits announced (op 29); each starts a new epoch.</param>
/// <param name="BotCommits">Winning commits that came from the bot's voice socket.</param>
/// <param name="CommitsDropped">Commits that lost the race or were invalid.</param>
/// <param name="Welcomes">Welcomes relayed to joiners (op 30).</param>
/// <param name="Transitions">Transitions executed (op 22).</param>
/// <param name="InvalidCommitWelcomes">Op 31 received (each leads to a removal and a re-add).</param>
/// <param name="SoleMemberResets">Groups dropped because one participant was left alone (op 24 epoch 1, op 21).
/// </param>
public readonly record struct DaveStats(
    ulong Epoch,
    long KeyPackages,
    long Proposals,
    long Commits,
    long BotCommits,
    long CommitsDropped,
    long Welcomes,
    long Transitions,
    long InvalidCommitWelcomes,
    long SoleMemberResets);
