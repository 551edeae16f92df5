using Pandora.Cooking.Raw;

namespace Pandora.Cooking.Cook;

/// <summary>
/// A recording found, measured and checked for one set of options, not yet written: everything that can fail
/// before the first byte of output has already failed (missing recording, missing encoder, a WAV file too long),
/// so a server can still answer with an error status. <see cref="WriteAsync"/> may be called once.
/// </summary>
public sealed class PreparedCook
{
    private readonly Session _session;
    private readonly Func<Session, Stream, IProgress<CookProgress>?, CancellationToken, CookResult> _write;
    private int _written;

    internal PreparedCook(
        Session session,
        CookOptions options,
        Func<Session, Stream, IProgress<CookProgress>?, CancellationToken, CookResult> write)
    {
        _session = session;
        _write = write;
        Options = options;
    }

    public string Id => _session.Id;

    public CookOptions Options { get; }

    /// <summary>The recording's info file (first segment), or null.</summary>
    public RawRecordingMetadata? Info => _session.Info;

    /// <summary>Length of the output, in 48 kHz samples per channel.</summary>
    public long Samples => _session.Samples;

    public TimeSpan Duration => TimeSpan.FromSeconds(Samples / 48_000.0);

    /// <summary>Speakers' names in track order.</summary>
    public IReadOnlyList<string> TrackNames => [.. _session.Tracks.Select(t => t.Name)];

    /// <summary>Writes the cooked file to <paramref name="output"/> (which may be unseekable, and stays open) as it
    /// is made. Synchronous writes happen on a pool thread.</summary>
    public Task<CookResult> WriteAsync(
        Stream output,
        IProgress<CookProgress>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (Interlocked.Exchange(ref _written, 1) != 0)
        {
            throw new InvalidOperationException("A prepared cook is written once.");
        }

        return Task.Run(() => _write(_session, output, progress, cancellationToken), cancellationToken);
    }
}
