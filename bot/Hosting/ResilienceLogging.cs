using Polly.Telemetry;

namespace CxBot.Hosting;

/// <summary>
/// How the resilience pipelines' own events are logged (the connector's and Graph's, from <c>AddResilienceHandler</c>): an attempt
/// that timed out is a warning, not an error; the caller decides whether the request failed and logs that itself.
/// </summary>
internal static class ResilienceLogging
{
    public static void AddCxBotResilienceLogging(this IServiceCollection services) =>
        services.Configure<Polly.Telemetry.TelemetryOptions>(o => o.SeverityProvider = args =>
            args.Event.EventName == "OnTimeout" ? ResilienceEventSeverity.Warning : args.Event.Severity);
}
