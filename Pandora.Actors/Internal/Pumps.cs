using System.Threading.Channels;
using Akka.Actor;

namespace Pandora.Actors.Internal;

/// <summary>Background readers that turn a channel into messages for an actor. They run outside any actor, so
/// ConfigureAwait(false) is fine here.</summary>
internal static class Pumps
{
    /// <summary>Tells <paramref name="target"/> one message per item until the channel completes or the token is
    /// cancelled. The returned task faults when the channel faults.</summary>
    public static async Task RunAsync<T>(
        ChannelReader<T> reader,
        IActorRef target,
        Func<T, object> wrap,
        CancellationToken cancellationToken = default)
    {
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                while (reader.TryRead(out var item))
                {
                    target.Tell(wrap(item), ActorRefs.NoSender);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Cancelled by the owner: a normal end.
        }
    }

    /// <summary>Tells <paramref name="target"/> only when <paramref name="task"/> fails (fire-and-forget calls
    /// whose success needs no answer).</summary>
    public static async Task TellOnFailureAsync(Task task, IActorRef target, Func<Exception, object> onFailure)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            target.Tell(onFailure(ex), ActorRefs.NoSender);
        }
    }
}
