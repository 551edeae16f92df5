namespace Pandora.Discord.Dave;

/// <summary>Why a DAVE voice gateway message was rejected or ignored.</summary>
public enum DaveRejectionKind
{
    /// <summary>The bytes do not parse (truncated, bad lengths, wrong wire format).</summary>
    Malformed = 1,

    /// <summary>The MLS engine refused it; <see cref="DaveRejection.MlsKind"/> says which check failed (signature,
    /// membership or confirmation tag, wrong group, wrong epoch, ...).</summary>
    Mls = 2,

    /// <summary>Allowed by MLS but not by DAVE: an inline proposal in a commit, a proposal not from the external
    /// sender, a proposal other than Add or Remove.</summary>
    Policy = 3,

    /// <summary>An Add for a user the voice gateway never announced (op 11) or already disconnected (op 13).</summary>
    UnrecognizedUser = 4,

    /// <summary>A Welcome whose group names another external sender than op 25, or op 25 changing it while the
    /// group is established.</summary>
    WrongExternalSender = 5,

    /// <summary>Two leaves of the resulting group carry the same user id.</summary>
    DuplicateUser = 6,

    /// <summary>A revoke named a proposal reference we do not hold.</summary>
    UnknownProposalRef = 7,

    /// <summary>Nothing to apply it to: no group yet (or already one, for a Welcome), or no key package.</summary>
    NoGroup = 8,

    /// <summary>The commit removes us; the group is dropped and a new key package is sent.</summary>
    Removed = 9,
}
