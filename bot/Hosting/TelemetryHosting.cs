using Azure.Monitor.OpenTelemetry.AspNetCore;
using CxBot.Protocol;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CxBot.Hosting;

/// <summary>
/// OpenTelemetry: traces and metrics of ASP.NET Core, HttpClient and CxBot's own meter (<see cref="BotMeter"/>), exported to
/// Azure Monitor when <see cref="TelemetryOptions.AzureMonitorKey"/> is set, to the console (metrics) and an OTLP endpoint
/// (traces and metrics) by <c>Telemetry</c> settings. With no exporter configured no pipeline is added at all: the meters
/// still count (a <c>MeterListener</c> reads them), at no cost beyond that.
/// </summary>
internal static class TelemetryHosting
{
    /// <summary>The service name traces and metrics carry (<c>service.name</c>; the cloud role name in Application Insights).</summary>
    public const string ServiceName = "CxBot";

    public static void AddCxBotTelemetry(this WebApplicationBuilder builder)
    {
        var section = builder.Configuration.GetSection(TelemetryOptions.Section);
        var connectionString = builder.Configuration[TelemetryOptions.AzureMonitorKey];
        builder.Services.AddOptions<TelemetryOptions>()
            .Bind(section)
            .ValidateDataAnnotations()
            .Validate(o => string.IsNullOrWhiteSpace(o.OtlpEndpoint) || o.OtlpUri is not null, "Telemetry:OtlpEndpoint must be an absolute http or https URL (e.g. http://localhost:4317), or empty.")
            .Validate(_ => TelemetryOptions.IsAzureMonitorConnectionString(connectionString), $"{TelemetryOptions.AzureMonitorKey} must be an Application Insights connection string (InstrumentationKey=...;IngestionEndpoint=...), or empty.")
            .ValidateOnStart();

        var options = section.Get<TelemetryOptions>() ?? new TelemetryOptions();
        var azure = !string.IsNullOrWhiteSpace(connectionString) && TelemetryOptions.IsAzureMonitorConnectionString(connectionString);
        var otlp = options.OtlpUri;
        if (!azure && !options.Console && otlp is null)
        {
            return;
        }

        var interval = (int)options.MetricsInterval.TotalMilliseconds;
        var telemetry = builder.Services.AddOpenTelemetry().ConfigureResource(r => r.AddService(ServiceName));
        if (azure)
        {
            // The distro adds the ASP.NET Core and HttpClient instrumentation itself, and sends logs too.
            telemetry.UseAzureMonitor(a => a.ConnectionString = connectionString);
        }

        telemetry.WithMetrics(metrics =>
        {
            metrics.AddMeter(BotMeter.Name);
            if (!azure)
            {
                metrics.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
            }

            if (options.Console)
            {
                metrics.AddConsoleExporter((_, reader) => reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval);
            }

            if (otlp is not null)
            {
                metrics.AddOtlpExporter((exporter, reader) =>
                {
                    exporter.Endpoint = otlp;
                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = interval;
                });
            }
        });

        if (otlp is not null)
        {
            telemetry.WithTracing(tracing =>
            {
                if (!azure)
                {
                    tracing.AddAspNetCoreInstrumentation().AddHttpClientInstrumentation();
                }

                tracing.AddOtlpExporter(exporter => exporter.Endpoint = otlp);
            });
        }
    }
}
