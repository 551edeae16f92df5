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

    // ECS field names: @timestamp, log.level, message, log.logger, error.stack_trace, ecs.version; the rest of an
    // event's properties go under labels.
    private const string EcsTemplate =
        "{ {'@timestamp': @t, 'log.level': @l, message: @m, 'log.logger': SourceContext, " +
        "'ecs.version': '8.11.0', 'service.name': 'pandora', " +
        "'error.stack_trace': @x, labels: rest()} }\n";

    public static Serilog.Core.Logger Create(IConfiguration configuration, TextWriter? output = null)
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
        return output is null
            ? logger.WriteTo.Console(template).CreateLogger()
            : logger.WriteTo.Sink(new WriterSink(template, output)).CreateLogger();
    }

    /// <summary>Writes formatted events to a <see cref="TextWriter"/> (tests read the exact output).</summary>
    private sealed class WriterSink(Serilog.Formatting.ITextFormatter formatter, TextWriter output)
        : Serilog.Core.ILogEventSink
    {
        private readonly Lock _gate = new();

        public void Emit(LogEvent logEvent)
        {
            lock (_gate)
            {
                formatter.Format(logEvent, output);
            }
        }
    }
}
