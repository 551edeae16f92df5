namespace Pandora.Tests;

public sealed class SmokeTests
{
    [Fact]
    public void Solution_builds() => (1 + 1).ShouldBe(2);
}
