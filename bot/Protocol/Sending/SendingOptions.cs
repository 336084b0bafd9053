using System.ComponentModel.DataAnnotations;

namespace CxBot.Protocol.Sending;

/// <summary>
/// The <c>Sending</c> section: the durable send engine's pace, retries, lease and progress card. Bound and validated at start
/// by hosting; the engine reads it as <c>IOptions&lt;SendingOptions&gt;</c>.
/// </summary>
public sealed class SendingOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Sending";

    /// <summary>Requests per second the bot may make in one tenant (Teams allows 50 per app per tenant).</summary>
    [Range(1, 1000)]
    public int TenantRequestsPerSecond { get; set; } = 50;

    /// <summary>Added to every rate window (each counted from the answers to the requests in it) against clock differences.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:00:01")]
    public TimeSpan WindowMargin { get; set; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// True: count each request in Teams' windows until its answer came (never a 429 from our own pace, a round trip
    /// slower per window). False (default): from when it is estimated to have reached Teams, learned from the round trips
    /// and made stricter by each 429.
    /// </summary>
    public bool StrictPacing { get; set; }

    /// <summary>Attempts per recipient before it is marked failed (429s do not count).</summary>
    [Range(1, 20)]
    public int MaxAttempts { get; set; } = 6;

    /// <summary>Requests in flight at once per tenant.</summary>
    [Range(1, 256)]
    public int MaxInFlight { get; set; } = 16;

    /// <summary>The longest one send request may take.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A tenant's send lease without renewal: how soon another instance takes over from a dead one.</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:05:00")]
    public TimeSpan LeaseDuration { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>How often the lease holder renews it.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "00:01:00")]
    public TimeSpan LeaseRenewEvery { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a tenant's sender stays with nothing to send before it hands the lease over, so messages that trickle in (welcomes) keep its pace.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan IdleLinger { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>How often each instance looks for unfinished jobs.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:05:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The progress card is updated at most this often.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The first back-off for a recipient after a failed attempt (doubled each time).</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>True: a recipient whose send had an unknown outcome is sent again (at least once); false: marked failed (at most once).</summary>
    public bool ResendUnknownOutcome { get; set; } = true;

    /// <summary>The most recipients one job may have.</summary>
    [Range(1, 1_000_000)]
    public int MaxRecipients { get; set; } = 100_000;

    /// <summary>How often each instance sending to a tenant renews its row in the tenant's shared budget and reads the others' (<see cref="BudgetShares"/>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.200", "00:00:10")]
    public TimeSpan BudgetBeatEvery { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>A row in the shared budget not renewed for this long is an instance gone: the others share the limit without it.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:01:00")]
    public TimeSpan BudgetExpiry { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>An instance that made no request to a tenant for this long (and sends none of its bulk) leaves the tenant's shared budget.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan BudgetIdle { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>False: this instance stores jobs but never sends them (other instances do).</summary>
    public bool RunWorker { get; set; } = true;

    /// <summary>This instance's name in leases and rows (not a setting: one per process).</summary>
    public string Instance { get; } = Environment.MachineName + ":" + Environment.ProcessId + ":" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>What a send must leave of the lease besides the request itself: writing its row afterwards.</summary>
    public TimeSpan StoreMargin => LeaseRenewEvery;
}
