using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using CxBot.Testing;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CxBot.Tests.Protocol;

/// <summary>The real bot in memory, on a test Azurite with its own table prefix; settings go in as host settings.</summary>
public sealed class BotApp(IReadOnlyDictionary<string, string?> settings, string environment = "Development") : WebApplicationFactory<Program>
{
    /// <summary>Service overrides applied after the app's own registrations.</summary>
    public Action<IServiceCollection>? TestServices { get; init; }

    public const string AppId = "b7e0c1d2-3f45-4a67-8b9c-0d1e2f3a4b5c";

    /// <summary>Local mode (no app id) against Azurite.</summary>
    public static BotApp Local(AzuriteServer azurite, params (string Key, string? Value)[] extra) =>
        new(With(azurite, [("Bot:AppId", ""), .. extra]));

    /// <summary>JWT validation on, keys from <paramref name="openId"/>, loopback connector allowed.</summary>
    public static BotApp Authenticated(AzuriteServer azurite, OpenIdServer openId, FakeTokenEndpoint tokens, params (string Key, string? Value)[] extra) =>
        new(AuthenticatedSettings(azurite, openId, [("Bot:OAuthAuthority", tokens.Authority.ToString()), .. extra]))
        {
            TestServices = s => s.AddHttpClient("CxBot.Msal").ConfigurePrimaryHttpMessageHandler(tokens.CreateHandler),
        };

    /// <summary>The settings of <see cref="Authenticated"/>.</summary>
    public static Dictionary<string, string?> AuthenticatedSettings(AzuriteServer azurite, OpenIdServer openId, params (string Key, string? Value)[] extra) =>
        With(azurite, [
            ("Bot:AppId", AppId),
            ("Bot:TenantId", "8f1c6f3e-2b7a-4c1d-9e55-0a1b2c3d4e5f"),
            ("Bot:ClientSecret", "test-secret"),
            ("Bot:OpenIdMetadataUrl", openId.MetadataUrl.ToString()),
            ("Bot:AllowedServiceUrlHosts:0", "127.0.0.1"),
            .. extra]);

    public static Dictionary<string, string?> With(AzuriteServer azurite, (string Key, string? Value)[] pairs)
    {
        var all = new Dictionary<string, string?>
        {
            ["ConnectionStrings:Storage"] = azurite.ConnectionString,
            ["Storage:TablePrefix"] = TablePrefix,
            ["Storage:MaxRetries"] = "0",
        };
        foreach (var (key, value) in pairs)
        {
            all[key] = value;
        }

        return all;
    }

    /// <summary>One prefix per test run is enough: each test uses its own conversation ids or its own app.</summary>
    public static readonly string TablePrefix = TestTables.UniquePrefix();

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(environment);
        foreach (var (key, value) in settings)
        {
            builder.UseSetting(key, value);
        }

        if (TestServices is { } services)
        {
            builder.ConfigureTestServices(services);
        }

        builder.ConfigureLogging(l => { l.ClearProviders(); if (Environment.GetEnvironmentVariable("BOTAPP_LOG") == "1") { l.AddConsole(); } });
    }

    /// <summary>Posts an activity to /api/messages.</summary>
    public async Task<HttpResponseMessage> PostAsync(JsonNode activity, string? bearer = null)
    {
        var client = CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/messages") { Content = new StringContent(activity.ToJsonString(), Encoding.UTF8, "application/json") };
        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        return await client.SendAsync(request);
    }
}

/// <summary>The Teams fixtures from ../shared/fixtures/teams, with the service URL pointed at a fake.</summary>
public static class TeamsFixtures
{
    public static JsonObject Load(string name, string serviceUrl, string? conversationId = null)
    {
        var json = JsonNode.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "teams", name + ".json")))!.AsObject();
        json["serviceUrl"] = serviceUrl;
        if (conversationId is not null)
        {
            json["conversation"]!["id"] = conversationId;
        }

        return json;
    }

    /// <summary>A fresh personal conversation id and user, so tests sharing a table never collide.</summary>
    public static JsonObject Personal(string name, string serviceUrl, string? aadObjectId = null)
    {
        var json = Load(name, serviceUrl, "a:" + Guid.NewGuid().ToString("N"));
        json["from"]!["aadObjectId"] = aadObjectId ?? Guid.NewGuid().ToString();
        return json;
    }
}
