using System.Text;

namespace Pandora.Discord.Dave;

/// <summary>
/// Discord's displayable codes (Discord DAVE protocol "Displayable Codes"): the voice privacy code is the epoch
/// authenticator as 30 digits in groups of 5; each group is 5 bytes read as a big-endian integer modulo 100000.
/// </summary>
public static class DisplayableCode
{
    /// <summary>Formats <paramref name="data"/> as <paramref name="length"/> digits in groups of
    /// <paramref name="groupSize"/> (at most 8 digits a group; the data must hold length bytes).</summary>
    public static string Generate(ReadOnlySpan<byte> data, int length, int groupSize)
    {
        if (groupSize is < 1 or > 8 || length % groupSize != 0 || data.Length < length)
        {
            throw new ArgumentException("the code needs whole groups of at most 8 digits and one byte per digit");
        }

        ulong modulus = 1;
        for (var i = 0; i < groupSize; i++)
        {
            modulus *= 10;
        }

        var text = new StringBuilder(length);
        for (var i = 0; i < length; i += groupSize)
        {
            ulong value = 0;
            for (var j = 0; j < groupSize; j++)
            {
                value = (value << 8) | data[i + j];
            }

            var digits = (value % modulus).ToString(System.Globalization.CultureInfo.InvariantCulture);
            text.Append(digits.PadLeft(groupSize, '0'));
        }

        return text.ToString();
    }

    /// <summary>The 30-digit voice privacy code of an epoch authenticator.</summary>
    public static string PrivacyCode(ReadOnlySpan<byte> epochAuthenticator) => Generate(epochAuthenticator, 30, 5);
}
