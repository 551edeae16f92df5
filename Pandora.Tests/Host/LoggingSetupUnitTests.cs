using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Pandora.Host.Logging;

namespace Pandora.Tests.Host;

public sealed class LoggingSetupUnitTests
{
    [Fact]
    public void Create_ecsFormat_writesOneJsonObjectPerEventWithEcsFields()
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:Format"] = "ecs" })
            .Build();
        var output = new StringWriter();
        using (var logger = LoggingSetup.Create(configuration, output))
        {
            logger.ForContext("SourceContext", "Pandora.Test")
                .Warning(new InvalidOperationException("boom"), "Recording {RecordingId} stopped", "abc123");
        }

        var line = output.ToString().Trim();
        line.ShouldNotContain("\n");
        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        root.GetProperty("log.level").GetString().ShouldBe("Warning");
        root.GetProperty("message").GetString().ShouldBe("Recording abc123 stopped");
        root.GetProperty("log.logger").GetString().ShouldBe("Pandora.Test");
        root.GetProperty("ecs.version").GetString().ShouldBe("8.11.0");
        root.GetProperty("error.stack_trace").GetString()!.ShouldContain("boom");
        root.GetProperty("labels").GetProperty("RecordingId").GetString().ShouldBe("abc123");
        root.TryGetProperty("@timestamp", out _).ShouldBeTrue();
    }

    [Fact]
    public void Create_textFormat_writesReadableLines()
    {
        var configuration = new ConfigurationBuilder().Build();
        var output = new StringWriter();
        using (var logger = LoggingSetup.Create(configuration, output))
        {
            logger.Information("Recording {RecordingId} started", "abc123");
        }

        output.ToString().ShouldContain("INF] : Recording abc123 started");
    }
}
