using System.Buffers;
using System.Threading.Channels;

namespace Pandora.Cooking.Cook;

/// <summary>
/// Renders one track on its own pool task, half a second at a time, into a queue of at most
/// <see cref="Depth"/> blocks that the consumer (the mixer) reads with <see cref="Read"/>. This is what decodes
/// speakers in parallel while keeping memory fixed: each track holds at most two seconds of PCM ahead of the mix.
/// The producer waits asynchronously when the queue is full, so no thread is held by a track that is ahead.
/// Read and Dispose are for one consumer thread.
/// </summary>
internal sealed class TrackFeed : IPcmSource, IDisposable
{
    public const int BlockFrames = 24_000;
    public const int Depth = 4;

    private readonly Channel<float[]> _blocks = Channel.CreateBounded<float[]>(
        new BoundedChannelOptions(Depth) { SingleReader = true, SingleWriter = true });

    private readonly CancellationTokenSource _stop;
    private readonly Task _producer;
    private readonly long _samples;
    private float[]? _current;
    private int _offset;
    private int _length;
    private long _consumed;

    /// <param name="open">Creates the track's source on the producer task (after any levelling pass).</param>
    /// <param name="samples">Frames to render.</param>
    public TrackFeed(Func<CancellationToken, IPcmSource> open, long samples, CancellationToken ct)
    {
        _samples = samples;
        _stop = CancellationTokenSource.CreateLinkedTokenSource(ct);
        CancellationToken token = _stop.Token;
        _producer = Task.Run(() => ProduceAsync(open, token), token);
    }

    public void Read(Span<float> stereo)
    {
        int done = 0;
        while (done < stereo.Length)
        {
            if (_offset == _length && !NextBlock())
            {
                stereo[done..].Clear(); // past the end of the recording
                return;
            }

            int take = Math.Min(stereo.Length - done, _length - _offset);
            _current.AsSpan(_offset, take).CopyTo(stereo[done..]);
            _offset += take;
            done += take;
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        try
        {
            _producer.GetAwaiter().GetResult();
        }
        catch (Exception)
        {
            // Cancelled, or a failure the consumer has already seen through Read.
        }

        while (_blocks.Reader.TryRead(out float[]? block))
        {
            ArrayPool<float>.Shared.Return(block);
        }

        Return();
        _stop.Dispose();
    }

    private async Task ProduceAsync(Func<CancellationToken, IPcmSource> open, CancellationToken ct)
    {
        try
        {
            IPcmSource source = open(ct);
            try
            {
                for (long at = 0; at < _samples; at += BlockFrames)
                {
                    ct.ThrowIfCancellationRequested();
                    int frames = (int)Math.Min(BlockFrames, _samples - at);
                    float[] block = ArrayPool<float>.Shared.Rent(BlockFrames * 2);
                    source.Read(block.AsSpan(0, frames * 2));
                    await _blocks.Writer.WriteAsync(block, ct).ConfigureAwait(false);
                }
            }
            finally
            {
                (source as IDisposable)?.Dispose();
            }

            _blocks.Writer.TryComplete();
        }
        catch (Exception e)
        {
            _blocks.Writer.TryComplete(e);
        }
    }

    private bool NextBlock()
    {
        Return();
        if (_consumed >= _samples)
        {
            return false;
        }

        if (!_blocks.Reader.TryRead(out float[]? block))
        {
            try
            {
                block = _blocks.Reader.ReadAsync(_stop.Token).AsTask().GetAwaiter().GetResult();
            }
            catch (ChannelClosedException e) when (e.InnerException is not null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(e.InnerException);
                throw;
            }
        }

        int frames = (int)Math.Min(BlockFrames, _samples - _consumed);
        _consumed += frames;
        _current = block;
        _offset = 0;
        _length = frames * 2;
        return true;
    }

    private void Return()
    {
        if (_current is not null)
        {
            ArrayPool<float>.Shared.Return(_current);
            _current = null;
        }

        _offset = _length = 0;
    }
}
