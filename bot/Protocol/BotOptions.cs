using System.ComponentModel.DataAnnotations;

namespace CxBot.Protocol;

/// <summary>How the bot's Entra ID registration authenticates to the Bot Connector.</summary>
public enum BotAppType
{
    /// <summary>A single-tenant app registration with a secret or certificate (the default).</summary>
    SingleTenant,

    /// <summary>A multi-tenant app registration (tenant <c>botframework.com</c>).</summary>
    MultiTenant,

    /// <summary>A user-assigned managed identity.</summary>
    UserAssignedMSI,
}

/// <summary>The <c>Bot</c> section: identity, inbound auth, outbound connector.</summary>
public sealed class BotOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Bot";

    /// <summary>The hosts allowed as <c>serviceUrl</c> when none are configured (platform.md §1).</summary>
    public static readonly IReadOnlyList<string> DefaultAllowedServiceUrlHosts = ["*.botframework.com", "smba.trafficmanager.net", "*.teams.microsoft.com", "*.teams.microsoft.us"];

    /// <summary>The app (client) id; empty means local mode (no tokens in or out; refused in Production).</summary>
    public string? AppId { get; set; }

    /// <summary>SingleTenant, MultiTenant or UserAssignedMSI.</summary>
    public BotAppType AppType { get; set; } = BotAppType.SingleTenant;

    /// <summary>The bot's tenant (SingleTenant, UserAssignedMSI).</summary>
    public string? TenantId { get; set; }

    /// <summary>A client secret (SingleTenant, MultiTenant).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>A certificate file (PFX or PEM with key) instead of a secret.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The certificate file's password, if any.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>UserAssignedMSI: the identity's client id (defaults to <see cref="AppId"/>).</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>The Entra ID authority host.</summary>
    [Required]
    public Uri OAuthAuthority { get; set; } = new("https://login.microsoftonline.com");

    /// <summary>The scope of connector tokens.</summary>
    [Required]
    public string OAuthScope { get; set; } = "https://api.botframework.com/.default";

    /// <summary>Renew a connector token this long before it expires.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:30:00")]
    public TimeSpan TokenRefreshMargin { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>The channel's OpenID metadata (inbound token keys).</summary>
    [Required]
    public Uri OpenIdMetadataUrl { get; set; } = new("https://login.botframework.com/v1/.well-known/openidconfiguration");

    /// <summary>The issuer of inbound tokens.</summary>
    [Required]
    public string TokenIssuer { get; set; } = "https://api.botframework.com";

    /// <summary>Hosts the bot may post to (<c>*.</c> matches subdomains); empty uses the public-cloud defaults.</summary>
    public string[]? AllowedServiceUrlHosts { get; set; }

    /// <summary>Requests to <c>/api/messages</c> larger than this get 413.</summary>
    [Range(1024, 4 * 1024 * 1024)]
    public int MaxRequestBodyBytes { get; set; } = 256 * 1024;

    /// <summary>Connector retries after the first attempt (429, 412, 502, 503, 504).</summary>
    [Range(0, 10)]
    public int ConnectorMaxRetries { get; set; } = 4;

    /// <summary>First connector back-off; later ones double, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan ConnectorRetryDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>The longest <c>Retry-After</c> honoured; a longer one gives up.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan ConnectorMaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one connector HTTP attempt may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan ConnectorAttemptTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How long a background job (slow work after the HTTP answer) may run.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan BackgroundTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Background jobs waiting at most; beyond it new jobs are refused.</summary>
    [Range(1, 100_000)]
    public int BackgroundQueueCapacity { get; set; } = 1000;

    /// <summary>True when no app id is configured.</summary>
    public bool IsLocalMode => string.IsNullOrWhiteSpace(AppId);

    /// <summary>The configured hosts, or the defaults.</summary>
    public IReadOnlyList<string> EffectiveAllowedHosts => AllowedServiceUrlHosts is { Length: > 0 } hosts ? hosts : DefaultAllowedServiceUrlHosts;
}
