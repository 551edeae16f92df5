using Pandora.Cooking.Cook;

namespace Pandora.Host;

/// <summary>
/// Shows a cook's progress: on a terminal, one bar redrawn in place (<c>[#####-----]  50%</c>); otherwise (a pipe,
/// a log file) one plain line at every 10 %. Reports arrive from pool threads; drawing is serialised.
/// </summary>
public sealed class ConsoleProgress(TextWriter output, bool terminal) : IProgress<CookProgress>
{
    private const int Width = 30;
    private readonly Lock _gate = new();
    private int _shown = -1;
    private bool _finished;

    public void Report(CookProgress value)
    {
        lock (_gate)
        {
            if (_finished)
            {
                return;
            }

            int percent = (int)(value.Fraction * 100);
            if (terminal && percent != _shown)
            {
                int filled = percent * Width / 100;
                output.Write($"\r[{new string('#', filled)}{new string('-', Width - filled)}] {percent,3}%");
                output.Flush();
                _shown = percent;
            }
            else if (!terminal && percent / 10 > _shown / 10)
            {
                output.WriteLine($"cooking: {percent / 10 * 10}%");
                _shown = percent;
            }
        }
    }

    /// <summary>Ends the bar's line on a terminal; later reports are ignored.</summary>
    public void Finish()
    {
        lock (_gate)
        {
            if (terminal && _shown >= 0 && !_finished)
            {
                output.WriteLine();
            }

            _finished = true;
        }
    }
}
