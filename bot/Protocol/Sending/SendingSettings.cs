namespace CxBot.Protocol.Sending;

/// <summary>The engine's settings, built from the <c>Sending</c> section by hosting.</summary>
internal sealed record SendingSettings
{
    /// <summary>Requests per second the app may make in one tenant (Teams: 50).</summary>
    public int TenantRequestsPerSecond { get; init; } = 50;

    /// <summary>Added to every limit window (counted from the answers to the requests in it), for differences between our clock and the connector's.</summary>
    public TimeSpan WindowMargin { get; init; } = TimeSpan.FromMilliseconds(5);

    /// <summary>
    /// True: the strict model, each request counted in the windows until its answer came (no 429 by construction, but a
    /// round trip slower per window). False: counted from its estimated arrival at the service (see <see cref="SendPacer.ArrivalCredit"/>).
    /// </summary>
    public bool StrictPacing { get; init; }

    /// <summary>Attempts per recipient before it is marked failed (a 429 does not count: it is the tenant's pace, not the recipient).</summary>
    public int MaxAttempts { get; init; } = 6;

    /// <summary>Requests in flight at once per tenant.</summary>
    public int MaxInFlight { get; init; } = 16;

    /// <summary>The longest one request may take; a send starts only while the lease has more than this (plus a margin) left.</summary>
    public TimeSpan AttemptTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long a tenant's send lease lasts without renewal (how soon another instance takes over from a dead one).</summary>
    public TimeSpan LeaseDuration { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>How often the holder renews the lease.</summary>
    public TimeSpan LeaseRenewEvery { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a tenant's run stays, with nothing to send, before it hands the lease over (messages that trickle in keep its pace).</summary>
    public TimeSpan IdleLinger { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>How often instances look for unfinished jobs.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The progress card is updated at most this often.</summary>
    public TimeSpan ProgressInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The first back-off after a failed attempt (doubled each time).</summary>
    public TimeSpan RetryDelay { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>True: a recipient whose send had an unknown outcome is sent again (at least once, counted as uncertain); false: it is marked failed (at most once).</summary>
    public bool ResendUnknownOutcome { get; init; } = true;

    /// <summary>The most recipients one job may have.</summary>
    public int MaxRecipients { get; init; } = 100_000;

    /// <summary>False: this instance creates jobs but never sends (another instance does).</summary>
    public bool RunWorker { get; init; } = true;

    /// <summary>This instance's name in leases and rows.</summary>
    public string Instance { get; init; } = Environment.MachineName + ":" + Environment.ProcessId + ":" + Guid.NewGuid().ToString("N")[..8];

    /// <summary>What a send must leave of the lease besides the request itself: writing its row afterwards.</summary>
    public TimeSpan StoreMargin => LeaseRenewEvery;
}
