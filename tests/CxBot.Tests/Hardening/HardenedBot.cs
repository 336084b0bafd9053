using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests.Hardening;

/// <summary>
/// The real bot in process for the hardening suites: its own table prefix (so every row it wrote can be read back), every log
/// entry captured at Trace level, storage faults that can be switched on, and a fake connector. Local mode, or JWT validation on.
/// </summary>
internal sealed class HardenedBot : IAsyncDisposable
{
    private HardenedBot(BotApp app, FakeConnector connector, OpenIdServer? openId, FakeTokenEndpoint? tokens, string prefix, LogCapture logs, StorageFaults faults)
    {
        App = app;
        Connector = connector;
        OpenId = openId;
        Tokens = tokens;
        Prefix = prefix;
        Logs = logs;
        Faults = faults;
    }

    public BotApp App { get; }

    public FakeConnector Connector { get; }

    public OpenIdServer? OpenId { get; }

    public FakeTokenEndpoint? Tokens { get; }

    public string Prefix { get; }

    public LogCapture Logs { get; }

    public StorageFaults Faults { get; }

    /// <summary>A valid channel token for the fake connector's service URL (null in local mode).</summary>
    public string? Authorization => OpenId is null ? null : "Bearer " + OpenId.Mint(BotApp.AppId, Connector.ServiceUrl, expires: DateTime.UtcNow.AddHours(1));

    public static Task<HardenedBot> StartAsync(AzuriteFixture azurite, bool authenticated, params (string Key, string? Value)[] extra) =>
        StartAsync(azurite, authenticated, null, extra);

    /// <summary>The bot, with <paramref name="services"/> applied last to its services (e.g. a background loop left out).</summary>
    public static async Task<HardenedBot> StartAsync(AzuriteFixture azurite, bool authenticated, Action<IServiceCollection>? services, params (string Key, string? Value)[] extra)
    {
        var connector = await FakeConnector.StartAsync();
        var openId = authenticated ? await OpenIdServer.StartAsync() : null;
        var tokens = authenticated ? await FakeTokenEndpoint.StartAsync() : null;
        var prefix = TestTables.UniquePrefix();
        var logs = new LogCapture();
        var faults = new StorageFaults();
        (string, string?)[] common = [("Storage:TablePrefix", prefix), ("Bot:ConnectorRetryDelay", "00:00:00.001"), .. extra];
        var settings = authenticated
            ? BotApp.AuthenticatedSettings(azurite.Server, openId!, [("Bot:OAuthAuthority", tokens!.Authority.ToString()), .. common])
            : BotApp.With(azurite.Server, [("Bot:AppId", ""), .. common]);
        var app = new BotApp(settings)
        {
            LogProvider = logs,
            TestServices = s =>
            {
                if (tokens is not null)
                {
                    s.AddHttpClient("CxBot.Msal").ConfigurePrimaryHttpMessageHandler(tokens.CreateHandler);
                }

                s.AddHttpClient(CxBot.Hosting.StorageSetup.HttpClientName).AddHttpMessageHandler(faults.CreateHandler);
                services?.Invoke(s);
            },
        };
        _ = app.Server; // start now, so start-up failures surface here
        return new HardenedBot(app, connector, openId, tokens, prefix, logs, faults);
    }

    /// <summary>Posts a raw body with the given <c>Authorization</c> header (none when null).</summary>
    public async Task<(int Status, string Body)> PostRawAsync(string body, string? authorization, HttpClient? client = null)
    {
        client ??= App.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(body, System.Text.Encoding.UTF8, "application/json") };
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await client.SendAsync(request);
        return ((int)response.StatusCode, await response.Content.ReadAsStringAsync());
    }

    /// <summary>Posts raw bytes (which may not be UTF-8 at all) with the given <c>Authorization</c> header (none when null).</summary>
    public async Task<int> PostBytesAsync(byte[] body, string? authorization, HttpClient client)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        using var response = await client.SendAsync(request);
        return (int)response.StatusCode;
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Connector.DisposeAsync();

        // Hostile bodies never make the bot bind a card with a value missing (it would leave a line out).
        Assert.True(App.UnboundCardValues.Count == 0, string.Join('\n', App.UnboundCardValues));
        if (OpenId is not null)
        {
            await OpenId.DisposeAsync();
        }

        if (Tokens is not null)
        {
            await Tokens.DisposeAsync();
        }
    }
}
