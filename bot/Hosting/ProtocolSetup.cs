using System.Security.Cryptography.X509Certificates;
using Azure.Identity;
using CxBot.Protocol;
using CxBot.Protocol.Auth;
using CxBot.Protocol.Connector;
using CxBot.Protocol.References;
using CxBot.Protocol.Routing;
using CxBot.Protocol.Sending;
using Microsoft.Extensions.Options;
using Microsoft.Identity.Client;

namespace CxBot.Hosting;

/// <summary>Wires the Teams protocol: options, inbound auth, connector client, router, references, background queue, <c>/api/messages</c>.</summary>
internal static class ProtocolSetup
{
    public const string ConnectorClientName = "CxBot.Connector";
    public const string OpenIdClientName = "CxBot.OpenId";
    public const string MsalClientName = "CxBot.Msal";

    public static void AddCxBotProtocol(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        var production = builder.Environment.IsProduction();
        services.AddOptions<BotOptions>()
            .Bind(builder.Configuration.GetSection(BotOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => !(o.IsLocalMode && production), "Bot:AppId is empty (local mode, no authentication): refusing to start in Production.")
            .Validate(o => o.OpenIdMetadataUrl.Scheme == Uri.UriSchemeHttps || (o.OpenIdMetadataUrl.Scheme == Uri.UriSchemeHttp && o.OpenIdMetadataUrl.IsLoopback), "Bot:OpenIdMetadataUrl must be https (plain http only on a loopback host).")
            .Validate(o => o.IsLocalMode || o.AppType == BotAppType.UserAssignedMSI || !string.IsNullOrEmpty(o.ClientSecret) || !string.IsNullOrEmpty(o.CertificatePath), "Bot:ClientSecret or Bot:CertificatePath is required for SingleTenant and MultiTenant.")
            .Validate(o => o.IsLocalMode || o.AppType == BotAppType.MultiTenant || !string.IsNullOrWhiteSpace(o.TenantId), "Bot:TenantId is required for SingleTenant and UserAssignedMSI.")
            .ValidateOnStart();

        services.AddMemoryCache();
        services.AddHttpClient(OpenIdClientName, c => c.Timeout = TimeSpan.FromSeconds(30));
        services.AddSingleton(sp => new OpenIdKeyManager(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(OpenIdClientName),
            sp.GetRequiredService<IOptions<BotOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<OpenIdKeyManager>>()));
        services.AddSingleton<ChannelAuthenticator>();

        services.AddSingleton<ServiceUrlPolicy>();
        services.AddSingleton(sp => CreateTokenProvider(sp));
        services.AddTransient<ConnectorAuthHandler>();
        services.AddSingleton<ConnectorRetryPolicy>();
        services.AddCxBotResilienceLogging();
        services.AddSingleton<BudgetShares>();
        services.AddSingleton<TenantBudgets>();
        services.AddHostedService<BudgetHeartbeat>();
        services.AddSingleton<SendMetrics>();
        services.AddSingleton<TurnMetrics>();
        services.AddTransient<TenantBudgetHandler>();
        // Singletons (proactive sender, background queue) hold this client, so connections are recycled by the
        // primary handler instead of by handler rotation. Every attempt (retries included) draws from the tenant's budget.
        var connector = services.AddHttpClient<IConnectorClient, ConnectorClient>(ConnectorClientName, c => c.Timeout = Timeout.InfiniteTimeSpan)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan);
        connector.AddResilienceHandler("retry", (pipeline, context) => context.ServiceProvider.GetRequiredService<ConnectorRetryPolicy>().Configure(pipeline));
        connector.AddHttpMessageHandler<TenantBudgetHandler>()
            .AddHttpMessageHandler<ConnectorAuthHandler>();
        services.AddHttpClient(MsalClientName);

        services.AddSingleton<ConversationReferenceStore>();
        services.AddSingleton<ReferenceRecorder>();
        services.AddSingleton<IProactiveSender, ProactiveSender>();
        services.AddSingleton<BackgroundTurnQueue>();
        services.AddSingleton<IBackgroundTurnQueue>(sp => sp.GetRequiredService<BackgroundTurnQueue>());
        services.AddHostedService(sp => sp.GetRequiredService<BackgroundTurnQueue>());
        services.AddSingleton<ActivityRouter>();
        services.AddScoped<MessagesEndpoint>();
    }

    public static void MapCxBotProtocol(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<BotOptions>>().Value;
        if (options.IsLocalMode)
        {
            CxBot.Protocol.Log.LocalMode(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CxBot.Protocol"));
        }

        // Built now so a duplicate route stops the app at start-up, not at the first message.
        app.Services.GetRequiredService<ActivityRouter>();
        app.MapPost("/api/messages", (HttpContext http, MessagesEndpoint endpoint) => endpoint.HandleAsync(http))
            .WithName("Messages")
            .DisableAntiforgery();
    }

    private static IConnectorTokenProvider CreateTokenProvider(IServiceProvider sp)
    {
        var o = sp.GetRequiredService<IOptions<BotOptions>>().Value;
        if (o.IsLocalMode)
        {
            return new NoConnectorTokens();
        }

        IConnectorTokenSource source;
        if (o.AppType == BotAppType.UserAssignedMSI)
        {
            source = new CredentialTokenSource(new ManagedIdentityCredential(ManagedIdentityId.FromUserAssignedClientId(o.ManagedIdentityClientId ?? o.AppId!)), o.OAuthScope);
        }
        else
        {
            var tenant = o.AppType == BotAppType.MultiTenant ? "botframework.com" : o.TenantId!;
            var app = ConfidentialClientApplicationBuilder.Create(o.AppId)
                .WithAuthority(new Uri(o.OAuthAuthority, tenant).ToString(), validateAuthority: false)
                .WithInstanceDiscovery(false)
                .WithHttpClientFactory(new MsalHttpClientFactory(sp.GetRequiredService<IHttpClientFactory>(), MsalClientName));
            app = string.IsNullOrEmpty(o.CertificatePath)
                ? app.WithClientSecret(o.ClientSecret)
                : app.WithCertificate(LoadCertificate(o.CertificatePath, o.CertificatePassword));
            source = new MsalTokenSource(app.Build(), o.OAuthScope);
        }

        return new CachingConnectorTokenProvider(source, sp.GetRequiredService<TimeProvider>(), o.TokenRefreshMargin, sp.GetRequiredService<ILogger<CachingConnectorTokenProvider>>());
    }

    internal static X509Certificate2 LoadCertificate(string path, string? password) =>
        path.EndsWith(".pem", StringComparison.OrdinalIgnoreCase)
            ? X509Certificate2.CreateFromPemFile(path)
            : X509CertificateLoader.LoadPkcs12FromFile(path, password);
}
