using System.Globalization;
using System.Net;
using System.Text;
using Pandora.Cooking.Cook;

namespace Pandora.Host.Http;

/// <summary>
/// The page a browser gets for a recording: channel, date, length, speakers, a timeline of who spoke when (inline
/// SVG, one row per speaker), and a download button per format for the mix and for the zip. Static HTML with no
/// script; every name from the recording is HTML-encoded, the key is URL-encoded into the links.
/// </summary>
public static class RecordingPage
{
    private static readonly string[] s_colours =
        ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7"];

    public static string Render(RecordingOverview overview, string key, AudioEncoders encoders)
    {
        ArgumentNullException.ThrowIfNull(overview);
        ArgumentNullException.ThrowIfNull(encoders);
        var html = new StringBuilder();
        string channel = Encode(overview.Info?.Channel ?? "unknown channel");
        string date = overview.Info?.StartTime?.ToUniversalTime()
            .ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture) ?? "unknown date";
        html.Append(CultureInfo.InvariantCulture, $"""
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Recording {Encode(overview.Id)} – {channel}</title>
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <style>
            body {"{"} font-family: sans-serif; margin: 2em; color: #222; max-width: 60em; {"}"}
            dt {"{"} font-weight: bold; float: left; width: 7em; {"}"} dd {"{"} margin-left: 8em; {"}"}
            .downloads a {"{"} display: inline-block; padding: .4em .9em; margin: .2em; border-radius: .3em;
              background: #4e79a7; color: #fff; text-decoration: none; {"}"}
            .downloads a.zip {"{"} background: #59a14f; {"}"}
            .downloads span.missing {"{"} display: inline-block; padding: .4em .9em; margin: .2em; color: #888;
              border: 1px dashed #aaa; border-radius: .3em; {"}"}
            </style></head><body>
            <h1>Recording in <span id="channel">{channel}</span></h1>
            <dl>
            <dt>Date</dt><dd id="date">{date}</dd>
            <dt>Length</dt><dd id="length">{FormatLength(overview.Duration)}</dd>
            <dt>Guild</dt><dd id="guild">{Encode(overview.Info?.Guild ?? "")}</dd>
            <dt>Speakers</dt><dd id="speakers">{overview.Speakers.Count}</dd>
            </dl>

            """);
        AppendTimeline(html, overview);
        AppendDownloads(html, overview.Id, key, encoders);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static void AppendTimeline(StringBuilder html, RecordingOverview overview)
    {
        const int width = 960, row = 28, label = 160;
        int height = Math.Max(1, overview.Speakers.Count) * row + 20;
        html.Append(CultureInfo.InvariantCulture,
            $"<h2>Who spoke when</h2>\n<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" " +
            $"width=\"{width + label}\" height=\"{height}\" role=\"img\" aria-label=\"Timeline of speakers\">\n");
        for (int i = 0; i < overview.Speakers.Count; i++)
        {
            SpeakerActivity speaker = overview.Speakers[i];
            string colour = s_colours[i % s_colours.Length];
            int y = i * row;
            html.Append(CultureInfo.InvariantCulture,
                $"<g class=\"speaker\" data-track=\"{speaker.Track}\"><text x=\"0\" y=\"{y + 18}\" " +
                $"font-size=\"14\">{speaker.Track}. {Encode(speaker.Name)}</text>" +
                $"<rect x=\"{label}\" y=\"{y + 4}\" width=\"{width}\" height=\"{row - 8}\" fill=\"#eee\"/>");
            int slices = speaker.Active.Count;
            for (int s = 0; s < slices; s++)
            {
                if (!speaker.Active[s] || (s > 0 && speaker.Active[s - 1]))
                {
                    continue;
                }

                int end = s;
                while (end + 1 < slices && speaker.Active[end + 1])
                {
                    end++;
                }

                double x = label + ((double)s * width / slices);
                double w = (double)(end - s + 1) * width / slices;
                html.Append(CultureInfo.InvariantCulture,
                    $"<rect class=\"spoke\" x=\"{x:F1}\" y=\"{y + 4}\" width=\"{w:F1}\" height=\"{row - 8}\" " +
                    $"fill=\"{colour}\"/>");
            }

            html.Append("</g>\n");
        }

        html.Append(CultureInfo.InvariantCulture,
            $"<text x=\"{label}\" y=\"{height - 4}\" font-size=\"12\">0:00</text>" +
            $"<text x=\"{label + width}\" y=\"{height - 4}\" font-size=\"12\" text-anchor=\"end\">" +
            $"{FormatLength(overview.Duration)}</text>\n</svg>\n");
    }

    private static void AppendDownloads(StringBuilder html, string id, string key, AudioEncoders encoders)
    {
        html.Append("<h2>Download</h2>\n<div class=\"downloads\">\n");
        foreach (string container in CookNames.Containers)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<p>{(container == "mix" ? "All speakers in one file" : "One file per speaker (zip)")}: ");
            foreach (string name in CookNames.Formats)
            {
                CookNames.TryParseFormat(name, out CookFormat format);
                if (!encoders.Supports(format))
                {
                    html.Append(CultureInfo.InvariantCulture,
                        $"<span class=\"missing\" title=\"{Encode(AudioEncoders.MissingMessage(format))}\">" +
                        $"{name.ToUpperInvariant()}</span>");
                    continue;
                }

                string href = $"/{Uri.EscapeDataString(id)}?key={Uri.EscapeDataString(key)}" +
                    $"&amp;format={name}&amp;container={container}";
                html.Append(CultureInfo.InvariantCulture,
                    $"<a class=\"{container}\" data-format=\"{name}\" href=\"{href}\" download>" +
                    $"{name.ToUpperInvariant()}</a>");
            }

            html.Append("</p>\n");
        }

        html.Append("</div>\n");
    }

    private static string FormatLength(TimeSpan length) =>
        length.TotalHours >= 1
            ? length.ToString(@"h\:mm\:ss", CultureInfo.InvariantCulture)
            : length.ToString(@"m\:ss", CultureInfo.InvariantCulture);

    private static string Encode(string text) => WebUtility.HtmlEncode(text);
}
