namespace Pandora.Cooking.Cook;

/// <summary>Adds up rendered frames from several threads and reports about every half percent.</summary>
internal sealed class ProgressCounter(IProgress<CookProgress>? progress, long total)
{
    private readonly long _step = Math.Max(48_000, total / 200);
    private long _done;
    private long _reported;

    public void Add(long frames)
    {
        if (progress is null)
        {
            return;
        }

        long done = Interlocked.Add(ref _done, frames);
        long reported = Volatile.Read(ref _reported);
        if (done - reported >= _step && Interlocked.CompareExchange(ref _reported, done, reported) == reported)
        {
            progress.Report(new CookProgress(Math.Min(done, total), total));
        }
    }

    public void Complete() => progress?.Report(new CookProgress(total, total));
}

/// <summary>Counts what passes through another source.</summary>
internal sealed class CountingSource(IPcmSource inner, ProgressCounter counter) : IPcmSource
{
    public void Read(Span<float> stereo)
    {
        inner.Read(stereo);
        counter.Add(stereo.Length / 2);
    }
}
