using System.ComponentModel.DataAnnotations;

namespace CxBot.Hosting;

/// <summary>
/// The <c>Telemetry</c> section: where OpenTelemetry traces and metrics go when running locally. In Azure, setting
/// <see cref="AzureMonitorKey"/> (an App Service setting the Bicep template writes) sends them to Application Insights.
/// With none of these set nothing is collected or exported (tests, a plain local run).
/// </summary>
public sealed class TelemetryOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Telemetry";

    /// <summary>The top-level key (an environment variable in App Service) holding the Application Insights connection string.</summary>
    public const string AzureMonitorKey = "APPLICATIONINSIGHTS_CONNECTION_STRING";

    /// <summary>True: write metrics (CxBot's own, ASP.NET Core's and HttpClient's) to standard output every <see cref="MetricsInterval"/>.</summary>
    public bool Console { get; set; }

    /// <summary>An OpenTelemetry collector's OTLP/gRPC endpoint (e.g. <c>http://localhost:4317</c>) for traces and metrics; empty for none.</summary>
    public string OtlpEndpoint { get; set; } = "";

    /// <summary>How often metrics are exported to the console or OTLP.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan MetricsInterval { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The OTLP endpoint when one is set and valid (absolute http or https), else null.</summary>
    public Uri? OtlpUri => Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) ? uri : null;

    /// <summary>True when <paramref name="connectionString"/> is empty or reads like an Application Insights connection string.</summary>
    public static bool IsAzureMonitorConnectionString(string? connectionString) =>
        string.IsNullOrWhiteSpace(connectionString) || connectionString.Contains("InstrumentationKey=", StringComparison.OrdinalIgnoreCase);
}
