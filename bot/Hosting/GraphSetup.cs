using Azure.Core;
using Azure.Identity;
using CxBot.Features.People;
using CxBot.Graph;
using CxBot.Protocol;
using Microsoft.Extensions.Options;
using Microsoft.Kiota.Http.HttpClientLibrary.Middleware;

namespace CxBot.Hosting;

/// <summary>Wires Microsoft Graph (options, app-only credential, the SDK-backed typed client and its resilience handler) and the people directory.</summary>
internal static class GraphSetup
{
    public const string GraphClientName = "CxBot.Graph";

    public static void AddCxBotGraph(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<GraphOptions>()
            .Bind(builder.Configuration.GetSection(GraphOptions.Section))
            .Configure(o =>
            {
                o.TeamsAppManifestId = NullIfBlank(o.TeamsAppManifestId) ?? NullIfBlank(builder.Configuration["Teams:AppId"]);
                o.TeamsAppCatalogId = NullIfBlank(o.TeamsAppCatalogId);
            })
            .PostConfigure<IOptions<BotOptions>>((g, bot) => InheritBotIdentity(g, bot.Value))
            .ValidateDataAnnotations()
            .Validate(o => IsHttpsOrLoopback(o.BaseUrl), "Graph:BaseUrl must be https (plain http only on a loopback host).")
            .Validate(o => !o.Enabled || !string.IsNullOrWhiteSpace(o.TenantId), "Graph:TenantId (or Bot:TenantId) is required when Graph:Enabled is true.")
            .Validate(o => !o.Enabled || HasCredential(o), "Graph:ClientId with Graph:ClientSecret, Graph:CertificatePath or Graph:ManagedIdentityClientId (or the Bot section's) is required when Graph:Enabled is true.")
            .Validate(o => !o.ProactiveInstall || o.Enabled, "Graph:ProactiveInstall needs Graph:Enabled.")
            .Validate(o => !o.ProactiveInstall || !string.IsNullOrWhiteSpace(o.TeamsAppCatalogId) || !string.IsNullOrWhiteSpace(o.TeamsAppManifestId), "Graph:ProactiveInstall needs Graph:TeamsAppCatalogId or Graph:TeamsAppManifestId.")
            .ValidateOnStart();

        services.AddSingleton(sp => CreateCredential(sp.GetRequiredService<IOptions<GraphOptions>>().Value));
        services.AddSingleton<GraphRetryPolicy>();
        services.AddCxBotResilienceLogging();
        // The Graph SDK sends through this client and adds none of its own middleware: GraphRetryPolicy (AddResilienceHandler) is the one retry
        // policy, and Kiota's query-name decoding keeps $select and $filter readable on the wire. The SDK adds the token
        // (GraphClient), for the configured Graph root only.
        // Singletons (the directory's caches) hold this client, so connections are recycled by the primary handler
        // instead of by handler rotation, as for the connector.
        services.AddHttpClient<IGraphClient, GraphClient>(GraphClientName, (sp, c) =>
            {
                var baseUrl = sp.GetRequiredService<IOptions<GraphOptions>>().Value.BaseUrl.ToString();
                c.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
                c.Timeout = Timeout.InfiniteTimeSpan;
            })
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler(() => new ParametersNameDecodingHandler())
            .AddResilienceHandler("retry", (pipeline, context) => context.ServiceProvider.GetRequiredService<GraphRetryPolicy>().Configure(pipeline));

        services.AddPeople();
    }

    private static void InheritBotIdentity(GraphOptions g, BotOptions bot)
    {
        g.TenantId = NullIfBlank(g.TenantId) ?? bot.TenantId;
        g.ClientId = NullIfBlank(g.ClientId) ?? bot.AppId;
        g.Authority ??= bot.OAuthAuthority;
        if (string.IsNullOrWhiteSpace(g.ClientSecret) && string.IsNullOrWhiteSpace(g.CertificatePath) && string.IsNullOrWhiteSpace(g.ManagedIdentityClientId))
        {
            g.ClientSecret = bot.ClientSecret;
            g.CertificatePath = bot.CertificatePath;
            g.CertificatePassword = bot.CertificatePassword;
            g.ManagedIdentityClientId = bot.AppType == BotAppType.UserAssignedMSI ? bot.ManagedIdentityClientId ?? bot.AppId : null;
        }
    }

    private static bool HasCredential(GraphOptions o) =>
        !string.IsNullOrWhiteSpace(o.ManagedIdentityClientId)
        || (!string.IsNullOrWhiteSpace(o.ClientId) && (!string.IsNullOrWhiteSpace(o.ClientSecret) || !string.IsNullOrWhiteSpace(o.CertificatePath)));

    private static GraphCredential CreateCredential(GraphOptions o)
    {
        if (!o.Enabled)
        {
            return new GraphCredential(new NoCredential(), o.Scope);
        }

        TokenCredential credential;
        if (!string.IsNullOrWhiteSpace(o.ManagedIdentityClientId))
        {
            credential = new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(o.ManagedIdentityClientId));
        }
        else if (!string.IsNullOrWhiteSpace(o.CertificatePath))
        {
            credential = new ClientCertificateCredential(o.TenantId, o.ClientId, ProtocolSetup.LoadCertificate(o.CertificatePath, o.CertificatePassword), new ClientCertificateCredentialOptions { AuthorityHost = o.Authority });
        }
        else
        {
            credential = new ClientSecretCredential(o.TenantId, o.ClientId, o.ClientSecret, new ClientSecretCredentialOptions { AuthorityHost = o.Authority });
        }

        return new GraphCredential(credential, o.Scope);
    }

    private static bool IsHttpsOrLoopback(Uri uri) => uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback);

    private static string? NullIfBlank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;

    /// <summary>Graph is off: nothing may ask for a token.</summary>
    private sealed class NoCredential : TokenCredential
    {
        public override AccessToken GetToken(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Graph:Enabled is false.");

        public override ValueTask<AccessToken> GetTokenAsync(TokenRequestContext requestContext, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("Graph:Enabled is false.");
    }
}
