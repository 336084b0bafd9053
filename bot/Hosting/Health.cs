using CxBot.Storage;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CxBot.Hosting;

/// <summary><c>/healthz</c> (the process runs) and <c>/readyz</c> (storage answers).</summary>
internal static class Health
{
    private const string ReadyTag = "ready";

    public static void AddCxBotHealth(this WebApplicationBuilder builder) =>
        builder.Services.AddHealthChecks().AddCheck<StorageHealthCheck>("storage", tags: [ReadyTag]);

    public static void MapCxBotHealth(this WebApplication app)
    {
        app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = WriteAsync }).WithName("Health");
        app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag), ResponseWriter = WriteAsync }).WithName("Ready");
    }

    private static Task WriteAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "text/plain; charset=utf-8";
        var lines = report.Entries.Select(e => $"{e.Key}: {e.Value.Status}{(e.Value.Description is { } d ? " (" + d + ")" : "")}");
        return context.Response.WriteAsync(string.Join('\n', [report.Status.ToString(), .. lines]) + "\n", context.RequestAborted);
    }
}

/// <summary>Ready when the table service answers a one-row listing within a few seconds.</summary>
internal sealed class StorageHealthCheck(TableServiceClient tables) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken)
    {
        try
        {
            await tables.PingAsync(cancellationToken);
            return HealthCheckResult.Healthy("table service answers");
        }
        catch (TableStorageException ex)
        {
            return HealthCheckResult.Unhealthy($"table service: {ex.Status} {ex.ErrorCode}");
        }
    }
}
