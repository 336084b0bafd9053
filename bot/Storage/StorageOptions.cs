using System.ComponentModel.DataAnnotations;

namespace CxBot.Storage;

/// <summary>The <c>Storage</c> section, plus <c>ConnectionStrings:Storage</c>.</summary>
public sealed class StorageOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Storage";

    /// <summary><c>ConnectionStrings:Storage</c>: <c>UseDevelopmentStorage=true</c> (Azurite, the default) or an account connection string.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The Table endpoint to use with an Entra ID token instead of a key (managed identity in production).</summary>
    public Uri? TableServiceUri { get; set; }

    /// <summary>With <see cref="TableServiceUri"/>: a user-assigned managed identity's client id; empty uses the default credential chain.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Prefixed to every table name, so environments and test runs never share tables.</summary>
    [RegularExpression("^([A-Za-z][A-Za-z0-9]{0,39})?$", ErrorMessage = "Storage:TablePrefix must be letters and digits, starting with a letter (at most 40).")]
    public string TablePrefix { get; set; } = "cx";

    /// <summary>Retries after the first attempt for transient faults.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 4;

    /// <summary>The first retry delay; later ones grow exponentially, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long one HTTP attempt may take.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How long one storage call may take, retries included.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan OperationTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Open connections to the table service at most, per instance: requests beyond them wait for a free one instead of opening
    /// more. A burst that opened a connection per request spent its time setting connections up (measured: README, Ideas benchmark).
    /// </summary>
    [Range(1, 1000)]
    public int MaxConnections { get; set; } = 16;
}
