namespace Pandora.Mls.Messages;

/// <summary>SenderType (RFC 9420 §6).</summary>
public enum SenderType : byte
{
    /// <summary>member</summary>
    Member = 1,

    /// <summary>external</summary>
    External = 2,

    /// <summary>new_member_proposal</summary>
    NewMemberProposal = 3,

    /// <summary>new_member_commit</summary>
    NewMemberCommit = 4,
}
