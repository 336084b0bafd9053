using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CxBot.Testing;

/// <summary>The real bot in process (test server, or Kestrel with <c>UseKestrel</c>), on a test Azurite with its own table prefix; settings go in as host settings.</summary>
public sealed class BotApp(IReadOnlyDictionary<string, string?> settings, string environment = "Development") : WebApplicationFactory<Program>
{
    /// <summary>Service overrides applied after the app's own registrations.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    /// <summary>
    /// True (the default): an install is answered only once the welcome it queued was delivered (<see cref="DeliveredOutbox"/>),
    /// so tests read it right after posting. False: the app as deployed, answering at once.
    /// </summary>
    public bool AnswerAfterQueuedSends { get; init; } = true;

    /// <summary>A provider that gets every log entry (at the levels configured), whatever <c>BOTAPP_LOG</c> says.</summary>
    public ILoggerProvider? LogProvider { get; init; }

    private readonly ConcurrentQueue<string> _posted = new();
    private readonly ConcurrentQueue<string> _invokeAnswers = new();
    private readonly CardWarnings _cardWarnings = new();

    /// <summary>Every activity posted with <see cref="PostAsync"/>, as JSON.</summary>
    public IReadOnlyList<string> Posted => [.. _posted];

    /// <summary>The body of every answer to an invoke posted with <see cref="PostAsync"/>.</summary>
    public IReadOnlyList<string> InvokeAnswers => [.. _invokeAnswers];

    /// <summary>Each time the app bound a card with a missing value: the template and the expression (from its warning log).</summary>
    public IReadOnlyList<string> UnboundCardValues => _cardWarnings.Entries;

    public const string AppId = "b7e0c1d2-3f45-4a67-8b9c-0d1e2f3a4b5c";

    /// <summary>Local mode (no app id) against Azurite.</summary>
    public static BotApp Local(AzuriteServer azurite, params (string Key, string? Value)[] extra) =>
        new(With(azurite, [("Bot:AppId", ""), .. extra]));

    /// <summary>
    /// Local mode with its own tables, served by Kestrel on a free port of 127.0.0.1 so that a real chat client (the Agents
    /// Playground) can call it; returns the bot and its messages endpoint.
    /// </summary>
    public static (BotApp Bot, Uri Endpoint) LocalOnLoopback(AzuriteServer azurite)
    {
        var port = FreePort.Next();
        var bot = Local(azurite, ("Storage:TablePrefix", TestTables.UniquePrefix()));
        bot.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, port));
        bot.StartServer();
        return (bot, new Uri($"http://127.0.0.1:{port}/api/messages"));
    }

    /// <summary>JWT validation on, keys from <paramref name="openId"/>, loopback connector allowed.</summary>
    public static BotApp Authenticated(AzuriteServer azurite, OpenIdServer openId, FakeTokenEndpoint tokens, params (string Key, string? Value)[] extra) =>
        new(AuthenticatedSettings(azurite, openId, [("Bot:OAuthAuthority", tokens.Authority.ToString()), .. extra]))
        {
            TestServices = s => s.AddHttpClient("CxBot.Msal").ConfigurePrimaryHttpMessageHandler(tokens.CreateHandler),
        };

    /// <summary>The admin claim code of authenticated test apps (<c>Admin:ClaimCode</c>): there, installing first makes nobody an admin.</summary>
    public const string AdminClaimCode = "test-claim-code-7Qx2Lm9Vb4";

    /// <summary>The settings of <see cref="Authenticated"/>.</summary>
    public static Dictionary<string, string?> AuthenticatedSettings(AzuriteServer azurite, OpenIdServer openId, params (string Key, string? Value)[] extra) =>
        With(azurite, [
            ("Bot:AppId", AppId),
            ("Bot:TenantId", "8f1c6f3e-2b7a-4c1d-9e55-0a1b2c3d4e5f"),
            ("Bot:ClientSecret", "test-secret"),
            ("Bot:OpenIdMetadataUrl", openId.MetadataUrl.ToString()),
            ("Bot:AllowedServiceUrlHosts:0", "127.0.0.1"),
            ("Admin:ClaimCode", AdminClaimCode),
            .. extra]);

    public static Dictionary<string, string?> With(AzuriteServer azurite, (string Key, string? Value)[] pairs)
    {
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Storage"] = azurite.ConnectionString,
            ["Storage:TablePrefix"] = TestTables.UniquePrefix(),
            ["Storage:MaxRetries"] = "0",
        };
        foreach (var (key, value) in pairs)
        {
            all[key] = value;
        }

        return all;
    }

    /// <summary>
    /// This app's table prefix. Each app gets its own unless one is given: every app runs the background workers (sending,
    /// delivery sweeps, schedules), and with shared tables one test's app would take up another test's work with its own
    /// settings (an unreachable token endpoint, a different allow-list) and could be disposed in the middle of it.
    /// Instances meant to share state (two instances of one deployment) pass this prefix to the second.
    /// </summary>
    public string TablePrefix => settings["Storage:TablePrefix"]!;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (AnswerAfterQueuedSends)
        {
            builder.ConfigureTestServices(DeliveredOutbox.Register);
        }

        if (TestServices is { } services)
        {
            builder.ConfigureTestServices(services);
        }

        builder.ConfigureLogging(l =>
        {
            l.ClearProviders();
            if (Environment.GetEnvironmentVariable("BOTAPP_LOG") == "1")
            {
                l.AddConsole();
            }

            l.AddProvider(_cardWarnings);
            l.Services.Configure<LoggerFilterOptions>(o => o.Rules.Add(new LoggerFilterRule(typeof(CardWarnings).FullName, "CxBot.Cards", LogLevel.Warning, null)));
            if (LogProvider is not null)
            {
                l.AddProvider(LogProvider);
                // A rule for this provider beats the app's category rules: it sees everything from Trace up.
                l.Services.Configure<LoggerFilterOptions>(o => o.Rules.Add(new LoggerFilterRule(LogProvider.GetType().FullName, null, LogLevel.Trace, null)));
            }
        });
    }

    /// <summary>Posts an activity to /api/messages with this <c>Authorization</c> header value (none when null).</summary>
    public async Task<HttpResponseMessage> PostAsync(JsonNode activity, string? authorization = null)
    {
        var client = CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json") };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        _posted.Enqueue(activity.ToJsonString());
        var response = await client.SendAsync(request);
        if ((string?)activity["type"] == "invoke")
        {
            await response.Content.LoadIntoBufferAsync();
            _invokeAnswers.Enqueue(await response.Content.ReadAsStringAsync());
        }

        return response;
    }
}
