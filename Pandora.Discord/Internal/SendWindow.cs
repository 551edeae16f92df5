using System.Diagnostics;

namespace Pandora.Discord.Internal;

/// <summary>A sliding-window send limit (the main gateway allows 120 sends per 60 s per connection). Ordinary
/// sends stop at <c>limit - reserve</c> so heartbeats always fit. Callers serialise access (the link's send lock).
/// </summary>
internal sealed class SendWindow(int limit, TimeSpan window, int reserve)
{
    private readonly Queue<long> _sent = new();

    public async ValueTask WaitAsync(bool priority, CancellationToken cancellationToken)
    {
        var cap = priority ? limit : limit - reserve;
        while (true)
        {
            var now = Stopwatch.GetTimestamp();
            while (_sent.TryPeek(out var oldest) && Stopwatch.GetElapsedTime(oldest, now) >= window)
            {
                _sent.Dequeue();
            }

            if (_sent.Count < cap)
            {
                _sent.Enqueue(now);
                return;
            }

            var wait = window - Stopwatch.GetElapsedTime(_sent.Peek(), now);
            await Task.Delay(wait > TimeSpan.Zero ? wait : TimeSpan.FromMilliseconds(1), cancellationToken)
                .ConfigureAwait(false);
        }
    }
}
