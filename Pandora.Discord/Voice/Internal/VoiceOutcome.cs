namespace Pandora.Discord.Voice.Internal;

/// <summary>How one voice WebSocket ended. <paramref name="Resume"/>: reconnect and send op 7; otherwise close with
/// <paramref name="Rejoin"/> as the advice to the owner.</summary>
internal sealed record VoiceOutcome(bool Resume, int? CloseCode, string Reason, bool Rejoin, bool Healthy)
{
    /// <summary>Voice close codes (brief §2.5): transport failures, codes below 4000 and 4015 resume; 4014, 4021 and
    /// 4022 mean "do not rejoin"; every other 4xxx ends this session and a rejoin through op 4 may help.</summary>
    public static VoiceOutcome FromClose(int? code, string reason, bool healthy) => code switch
    {
        null or < 4000 or 4015 => new VoiceOutcome(true, code, reason, true, healthy),
        4014 or 4021 or 4022 => new VoiceOutcome(false, code, reason, false, healthy),
        _ => new VoiceOutcome(false, code, reason, true, healthy),
    };
}
