using System.Net;
using System.Net.Http.Headers;
using CxBot.Testing;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Benchmarks;

/// <summary>
/// What the /api/messages benchmarks share: Azurite, a minted OpenID key, a fake connector and token endpoint, the bot with JWT
/// validation on a Kestrel loopback port, and an HTTP client that carries a valid channel token.
/// </summary>
internal sealed class AuthenticatedRig : IAsyncDisposable
{
    private AuthenticatedRig(AzuriteServer azurite, OpenIdServer openId, FakeConnector connector, FakeTokenEndpoint tokens, BotApp bot, HttpClient http)
    {
        Azurite = azurite;
        OpenId = openId;
        Connector = connector;
        Tokens = tokens;
        Bot = bot;
        Http = http;
    }

    public AzuriteServer Azurite { get; }

    public OpenIdServer OpenId { get; }

    public FakeConnector Connector { get; }

    public FakeTokenEndpoint Tokens { get; }

    public BotApp Bot { get; }

    /// <summary>Posts to the bot with a valid token; many connections, so the load generator is never the bottleneck.</summary>
    public HttpClient Http { get; }

    public static async Task<AuthenticatedRig> StartAsync(Action<IServiceCollection>? extraServices = null, params (string Key, string? Value)[] settings)
    {
        var azurite = await AzuriteServer.StartAsync();
        var openId = await OpenIdServer.StartAsync();
        var connector = await FakeConnector.StartAsync();
        var tokens = await FakeTokenEndpoint.StartAsync();
        var port = FreePort.Next();
        // Production, as deployed (no developer exception page, no DI scope validation); CXBOT_BENCH_ENVIRONMENT=Development compares.
        var environment = Environment.GetEnvironmentVariable("CXBOT_BENCH_ENVIRONMENT") is { Length: > 0 } named ? named : "Production";
        var bot = new BotApp(BotApp.AuthenticatedSettings(azurite, openId, [("Bot:OAuthAuthority", tokens.Authority.ToString()), ("Logging:LogLevel:Default", "Warning"), .. settings]), environment)
        {
            TestServices = s =>
            {
                s.AddHttpClient("CxBot.Msal").ConfigurePrimaryHttpMessageHandler(tokens.CreateHandler);
                extraServices?.Invoke(s);
            },
        };

        // WebApplicationFactory finds the content root of a test project's app by itself, not from a console app.
        Environment.SetEnvironmentVariable("ASPNETCORE_TEST_CONTENTROOT_CXBOT", Path.Combine(RepoPaths.Root, "bot"));
        bot.UseKestrel(o => o.Listen(IPAddress.Loopback, port));
        bot.StartServer();

        var http = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 512, PooledConnectionLifetime = TimeSpan.FromMinutes(10) })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}/"),
        };
        var token = openId.Mint(BotApp.AppId, connector.ServiceUrl, expires: DateTime.UtcNow.AddHours(2));
        http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return new AuthenticatedRig(azurite, openId, connector, tokens, bot, http);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Bot.DisposeAsync();
        await Tokens.DisposeAsync();
        await Connector.DisposeAsync();
        await OpenId.DisposeAsync();
        await Azurite.DisposeAsync();
    }
}
