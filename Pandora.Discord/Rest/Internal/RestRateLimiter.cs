using System.Collections.Concurrent;
using System.Globalization;

namespace Pandora.Discord.Rest.Internal;

/// <summary>
/// Per-route buckets and the global limit, from <c>X-RateLimit-*</c> headers and 429 bodies (Discord "Rate Limits").
/// Routes that the server reports with the same <c>X-RateLimit-Bucket</c> hash share one state per major parameter.
/// Thread safe.
/// </summary>
internal sealed class RestRateLimiter
{
    private readonly ConcurrentDictionary<string, string> _routeToBucket = new();
    private readonly ConcurrentDictionary<string, BucketState> _buckets = new();
    private readonly TimeProvider _time;
    private long _globalResetAt;

    public RestRateLimiter(TimeProvider? time = null) => _time = time ?? TimeProvider.System;

    /// <summary>Waits until both the global limit and the route's bucket allow one more request.</summary>
    public async Task WaitAsync(RestRoute route, CancellationToken cancellationToken)
    {
        while (true)
        {
            var now = NowMs();
            var delay = route.IgnoresGlobalLimit ? 0 : Math.Max(Interlocked.Read(ref _globalResetAt) - now, 0);
            var bucket = State(route);
            if (delay == 0)
            {
                delay = bucket.TryTake(now);
            }

            if (delay <= 0)
            {
                return;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(delay), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Reads the bucket headers of any answer.</summary>
    public void Update(RestRoute route, HttpResponseMessage response)
    {
        if (Header(response, "X-RateLimit-Bucket") is { Length: > 0 } hash)
        {
            _routeToBucket[route.BucketKey] = hash;
        }

        var remaining = Header(response, "X-RateLimit-Remaining");
        var resetAfter = Header(response, "X-RateLimit-Reset-After");
        if (int.TryParse(remaining, CultureInfo.InvariantCulture, out var left)
            && TryParseSeconds(resetAfter, out var seconds))
        {
            State(route).Set(left, NowMs() + (long)(seconds * 1000));
        }
    }

    /// <summary>
    /// Records a 429: the whole client (global) or the route's bucket waits <paramref name="retryAfter"/>.
    /// </summary>
    public void OnRateLimited(RestRoute route, TimeSpan retryAfter, bool global)
    {
        var until = NowMs() + (long)Math.Ceiling(retryAfter.TotalMilliseconds);
        if (global && !route.IgnoresGlobalLimit)
        {
            long seen;
            do
            {
                seen = Interlocked.Read(ref _globalResetAt);
            }
            while (seen < until && Interlocked.CompareExchange(ref _globalResetAt, until, seen) != seen);
            return;
        }

        State(route).Set(0, until);
    }

    internal static bool TryParseSeconds(string? text, out double seconds) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out seconds)
        && seconds >= 0 && double.IsFinite(seconds);

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private BucketState State(RestRoute route)
    {
        var key = _routeToBucket.TryGetValue(route.BucketKey, out var hash)
            ? $"{hash}|{Major(route.BucketKey)}"
            : route.BucketKey;
        return _buckets.GetOrAdd(key, static _ => new BucketState());
    }

    // The major parameter values are the digits left in the bucket key.
    private static string Major(string bucketKey) =>
        string.Join('/', bucketKey.Split('/').Where(p => p.Length > 0 && char.IsAsciiDigit(p[0])));

    private long NowMs() => (long)_time.GetElapsedTime(0).TotalMilliseconds;

    private sealed class BucketState
    {
        private readonly Lock _gate = new();
        private int _remaining = -1;
        private long _resetAt;

        public void Set(int remaining, long resetAt)
        {
            lock (_gate)
            {
                _remaining = remaining;
                _resetAt = resetAt;
            }
        }

        /// <summary>Returns 0 and takes a slot, or the milliseconds to wait.</summary>
        public long TryTake(long now)
        {
            lock (_gate)
            {
                if (_remaining != 0 || now >= _resetAt)
                {
                    if (_remaining == 0)
                    {
                        _remaining = -1;
                    }

                    if (_remaining > 0)
                    {
                        _remaining--;
                    }

                    return 0;
                }

                return _resetAt - now;
            }
        }
    }
}
