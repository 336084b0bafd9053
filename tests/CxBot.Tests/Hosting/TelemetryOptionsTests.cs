using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CxBot.Hosting;
using CxBot.Testing;
using CxBot.Tests.Protocol;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;

namespace CxBot.Tests.Hosting;

/// <summary>
/// The <c>Telemetry</c> section and <c>APPLICATIONINSIGHTS_CONNECTION_STRING</c>: validated at start, explained in the sample;
/// nothing exported unless asked; <c>Telemetry:Console</c> writes CxBot's metrics to standard output.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class TelemetryOptionsTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("Telemetry:OtlpEndpoint", "localhost:4317", "Telemetry:OtlpEndpoint must be an absolute http or https URL")]
    [InlineData("Telemetry:OtlpEndpoint", "ftp://collector/", "Telemetry:OtlpEndpoint must be an absolute http or https URL")]
    [InlineData("Telemetry:MetricsInterval", "00:00:00", "MetricsInterval")]
    [InlineData(TelemetryOptions.AzureMonitorKey, "not-a-connection-string", "APPLICATIONINSIGHTS_CONNECTION_STRING must be an Application Insights connection string")]
    public async Task Start_InvalidTelemetrySetting_FailsAtBoot(string key, string value, string message)
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => AppBoot.StartAsync(("ConnectionStrings:Storage", azurite.Server.ConnectionString), (key, value)));

        var validation = Assert.Single(AppBoot.Chain(ex).OfType<OptionsValidationException>());
        Assert.Equal(typeof(TelemetryOptions), validation.OptionsType);
        Assert.Contains(message, validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_NoTelemetrySettings_AddsNoExportPipeline()
    {
        await using var app = await AppBoot.StartAsync(("ConnectionStrings:Storage", azurite.Server.ConnectionString), ("Sending:RunWorker", "false"));

        Assert.Null(app.Services.GetService<MeterProvider>());
    }

    [Fact]
    public async Task Start_OtlpEndpoint_AddsTheMetricsPipeline()
    {
        await using var app = await AppBoot.StartAsync(
            ("ConnectionStrings:Storage", azurite.Server.ConnectionString),
            ("Sending:RunWorker", "false"),
            ("Telemetry:OtlpEndpoint", "http://127.0.0.1:9"));

        Assert.NotNull(app.Services.GetService<MeterProvider>());
        Assert.Equal(new Uri("http://127.0.0.1:9"), app.Services.GetRequiredService<IOptions<TelemetryOptions>>().Value.OtlpUri);
    }

    [Fact]
    public async Task Start_ApplicationInsightsConnectionString_AddsTheAzureMonitorPipelineWithCxBotsMeter()
    {
        // An ingestion endpoint nobody listens on: the exporter's failures stay inside it, the bot starts and serves.
        await using var app = await AppBoot.StartAsync(
            ("ConnectionStrings:Storage", azurite.Server.ConnectionString),
            ("Sending:RunWorker", "false"),
            (TelemetryOptions.AzureMonitorKey, "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=http://127.0.0.1:9/"));

        Assert.NotNull(app.Services.GetService<MeterProvider>());
        Assert.NotNull(app.Services.GetService<OpenTelemetry.Trace.TracerProvider>());
    }

    [Fact]
    public async Task Console_True_TheRunningBotWritesItsTurnsToTheConsoleExporter()
    {
        await using var connector = await FakeConnector.StartAsync();
        await using var bot = await BotProcess.StartAsync(azurite.Server, TestTables.UniquePrefix(),
            ("Telemetry:Console", "true"),
            ("Telemetry:MetricsInterval", "00:00:01"));
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{bot.Port}/") };

        var message = TeamsFixtures.Personal("message-personal", connector.ServiceUrl);
        message["text"] = "help";
        using var answer = await http.PostAsJsonAsync("api/messages", (JsonNode)message);
        Assert.True(answer.IsSuccessStatusCode, answer.StatusCode.ToString());

        // The console exporter prints each instrument with its meter, then each tagged point.
        Assert.True(await Poll.UntilAsync(() => bot.Output.Contains("Metric Name: cxbot.turns", StringComparison.Ordinal), TimeSpan.FromSeconds(30)), bot.Output);
        var turns = bot.Output[bot.Output.IndexOf("Metric Name: cxbot.turns", StringComparison.Ordinal)..];
        turns = turns[..turns.IndexOf("\n\n", StringComparison.Ordinal)];
        Assert.Contains("Name: CxBot", turns, StringComparison.Ordinal);
        Assert.Matches(@"kind: message outcome: ok\s*\nValue: 1\b", turns);
        Assert.Contains("Metric Name: cxbot.turn.duration", bot.Output, StringComparison.Ordinal);
        Assert.Contains("Metric Name: http.server.request.duration", bot.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void Sample_ExplainsEveryTelemetryKey()
    {
        var sample = File.ReadAllText(Path.Combine(RepoPaths.Root, "appsettings.sample.json"));
        var section = sample[sample.IndexOf("\"Telemetry\": {", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n  },", StringComparison.Ordinal)];

        Assert.All(typeof(TelemetryOptions).GetProperties().Where(p => p.CanWrite), p => Assert.Contains($"\"{p.Name}\":", section, StringComparison.Ordinal));
        Assert.Contains(TelemetryOptions.AzureMonitorKey, section, StringComparison.Ordinal);
    }
}
