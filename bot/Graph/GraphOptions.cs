using System.ComponentModel.DataAnnotations;

namespace CxBot.Graph;

/// <summary>The <c>Graph</c> section: Microsoft Graph access (app-only), proactive installation, and the people directory's caching.</summary>
public sealed class GraphOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Graph";

    /// <summary>Ask Graph for managers and profiles (off: only what CxBot knows from setup and Teams rosters).</summary>
    public bool Enabled { get; set; }

    /// <summary>Graph's root, version included (sovereign clouds and tests set their own).</summary>
    [Required]
    public Uri BaseUrl { get; set; } = new("https://graph.microsoft.com/v1.0");

    /// <summary>The scope of Graph tokens (<c>https://graph.microsoft.us/.default</c> in GCC High).</summary>
    [Required]
    public string Scope { get; set; } = "https://graph.microsoft.com/.default";

    /// <summary>The Entra ID authority host; empty uses <c>Bot:OAuthAuthority</c>.</summary>
    public Uri? Authority { get; set; }

    /// <summary>The tenant whose directory is read; empty uses <c>Bot:TenantId</c>.</summary>
    public string? TenantId { get; set; }

    /// <summary>The app (client) id holding the Graph permissions; empty uses <c>Bot:AppId</c>.</summary>
    public string? ClientId { get; set; }

    /// <summary>A client secret; empty uses <c>Bot:ClientSecret</c> (when no certificate or managed identity is set here).</summary>
    public string? ClientSecret { get; set; }

    /// <summary>A certificate file (PFX or PEM with key) instead of a secret; empty uses <c>Bot:CertificatePath</c>.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>The certificate file's password, if any.</summary>
    public string? CertificatePassword { get; set; }

    /// <summary>A user-assigned managed identity's client id; when set it is used instead of a secret or certificate.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Install the app for people who never opened it, so they can be reached (needs <see cref="Enabled"/>).</summary>
    public bool ProactiveInstall { get; set; }

    /// <summary>The app's id in the tenant's Teams app catalog; empty looks it up by <see cref="TeamsAppManifestId"/>.</summary>
    public string? TeamsAppCatalogId { get; set; }

    /// <summary>The manifest's <c>id</c> (the catalog's <c>externalId</c>); empty uses <c>Teams:AppId</c>.</summary>
    public string? TeamsAppManifestId { get; set; }

    /// <summary>Where new 1:1 conversations are created when no team of the person gave a service URL.</summary>
    [Required]
    public Uri ProactiveServiceUrl { get; set; } = new("https://smba.trafficmanager.net/teams/");

    /// <summary>Installs started per second per tenant, across all instances.</summary>
    [Range(0.01, 50)]
    public double InstallsPerSecond { get; set; } = 2;

    /// <summary>How long a manager and profile from Graph are trusted before being asked again.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan ProfileTtl { get; set; } = TimeSpan.FromHours(12);

    /// <summary>How long a team's roster is trusted before it is read again from Teams.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "30.00:00:00")]
    public TimeSpan RosterTtl { get; set; } = TimeSpan.FromDays(1);

    /// <summary>How long "unreachable" stands before installation is tried again.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "90.00:00:00")]
    public TimeSpan UnreachableTtl { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The gap between two installs in one tenant.</summary>
    internal TimeSpan InstallInterval => TimeSpan.FromSeconds(1 / InstallsPerSecond);

    /// <summary>How long one instance goes without looking for stale or new rosters again (it looks when asked, not on a timer); not configurable, tests set it.</summary>
    internal TimeSpan RosterCheckEvery { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>Roster page size asked of the connector; not configurable, tests set it.</summary>
    internal int RosterPageSize { get; set; } = 500;

    /// <summary>Retries after the first attempt for 429, 503, 504 and no answer.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First back-off; later ones double, with jitter. <c>Retry-After</c> takes precedence.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The longest <c>Retry-After</c> honoured; a longer one gives up at once.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one Graph HTTP attempt may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(20);
}
