using System.Diagnostics;
using Pandora.Discord.Internal;

namespace Pandora.Tests.Discord;

public sealed class SendWindowUnitTests
{
    [Fact]
    public async Task WaitAsync_windowFull_ordinaryWaitsButPriorityUsesReserve()
    {
        var window = new SendWindow(3, TimeSpan.FromMilliseconds(300), reserve: 1);
        var ct = TestContext.Current.CancellationToken;
        await window.WaitAsync(false, ct);
        await window.WaitAsync(false, ct);

        var priority = Stopwatch.StartNew();
        await window.WaitAsync(true, ct);
        priority.Elapsed.ShouldBeLessThan(TimeSpan.FromMilliseconds(150));

        var ordinary = Stopwatch.StartNew();
        await window.WaitAsync(false, ct);
        ordinary.Elapsed.ShouldBeGreaterThanOrEqualTo(TimeSpan.FromMilliseconds(250));
    }
}
