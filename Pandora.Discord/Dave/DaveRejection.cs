using Pandora.Discord.Voice;
using Pandora.Mls;

namespace Pandora.Discord.Dave;

/// <summary>One rejected DAVE message: which opcode, why, and whether it triggered recovery through op 31.</summary>
/// <param name="Opcode">The voice gateway opcode of the message.</param>
/// <param name="Kind">The category of the failure.</param>
/// <param name="MlsKind">The MLS check that failed, when <paramref name="Kind"/> is
/// <see cref="DaveRejectionKind.Mls"/>.</param>
/// <param name="Reason">A human-readable sentence (never contains key material).</param>
/// <param name="Recovered">True when op 31 and a new key package were sent because of it.</param>
public sealed record DaveRejection(
    VoiceOpcode Opcode,
    DaveRejectionKind Kind,
    MlsErrorKind? MlsKind,
    string Reason,
    bool Recovered);
