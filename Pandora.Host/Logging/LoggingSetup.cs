using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Events;
using Serilog.Templates;

namespace Pandora.Host.Logging;

/// <summary>
/// Builds the Serilog logger: plain text for people in development, Elastic Common Schema JSON lines in
/// production (no ECS formatter package is served here, so the shape is an expression template).
/// </summary>
public static class LoggingSetup
{
    private const string TextTemplate =
        "[{@t:HH:mm:ss.fff} {@l:u3}] {Coalesce(SourceContext, '')}: {@m}\n{@x}";

    // ECS field names: @timestamp, log.level, message, log.logger, error.*, ecs.version; the rest under labels.
    private const string EcsTemplate =
        "{ {'@timestamp': @t, 'log.level': ToLower(@l), message: @m, 'log.logger': SourceContext, " +
        "'ecs.version': '8.11.0', 'service.name': 'pandora', " +
        "'error.message': if @x is not null then ToString(@x) else undefined(), " +
        "labels: rest()} }\n";

    public static Serilog.Core.Logger Create(IConfiguration configuration)
    {
        var format = configuration["Logging:Format"] ?? "text";
        var level = Enum.TryParse<LogEventLevel>(configuration["Logging:MinimumLevel"], true, out var parsed)
            ? parsed
            : LogEventLevel.Information;
        var logger = new LoggerConfiguration()
            .MinimumLevel.Is(level)
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .Enrich.FromLogContext();
        var template = string.Equals(format, "ecs", StringComparison.OrdinalIgnoreCase)
            ? new ExpressionTemplate(EcsTemplate)
            : new ExpressionTemplate(TextTemplate);
        return logger.WriteTo.Console(template).CreateLogger();
    }
}
