using CxBot.Protocol.References;

namespace CxBot.Protocol.Sending;

/// <summary>
/// The durable send engine: one activity to many people, paced to the Teams limits (platform.md §4), kept in Azure Tables
/// so that any bot instance can carry a job on and no recipient gets it twice. Knows nothing of what is being sent.
/// </summary>
public interface ISendJobs
{
    /// <summary>
    /// Stores the job and one row per recipient (batched writes), then returns; sending happens in the background on
    /// whichever instance holds the tenant's send lease. Idempotent by <see cref="SendJobRequest.JobId"/>: asking again
    /// for an existing job changes nothing and returns it.
    /// </summary>
    /// <exception cref="ArgumentException">A job id that is not 1 to 100 letters, digits, '-' or '_'; a label over 100
    /// characters; a recipient or <see cref="SendJobRequest.ProgressTo"/> in another tenant; more than
    /// <c>Sending:MaxRecipients</c> recipients. Nothing is stored.</exception>
    /// <exception cref="CxBot.Storage.TableStorageException">Storage failed; nothing was promised.</exception>
    Task<SendJobStatus> CreateAsync(SendJobRequest request, CancellationToken cancellationToken);

    /// <summary>The job's progress, or null when there is no such job in the tenant.</summary>
    Task<SendJobStatus?> GetAsync(string tenantId, string jobId, CancellationToken cancellationToken);

    /// <summary>Every recipient of the job with its state.</summary>
    IAsyncEnumerable<RecipientStatus> ListRecipientsAsync(string tenantId, string jobId, CancellationToken cancellationToken);
}

/// <summary>
/// One job: <see cref="Activity"/> to each of <see cref="Recipients"/> (personal chats or conversations, all in
/// <see cref="TenantId"/>). <see cref="JobId"/> is the caller's key (letters, digits, '-', '_'; e.g. <c>checkin-team1-2026-11-23</c>).
/// <see cref="ProgressTo"/>, when set, gets a card updated in place while the job runs and a final summary.
/// <see cref="Label"/> names the job on that card (no user-typed text).
/// </summary>
public sealed record SendJobRequest(
    string TenantId,
    string JobId,
    string Label,
    Activity Activity,
    IReadOnlyList<ProactiveTarget> Recipients,
    ProactiveTarget? ProgressTo = null);

/// <summary>Where a job stands.</summary>
public sealed record SendJobStatus(
    string TenantId,
    string JobId,
    string Label,
    int Total,
    int Sent,
    int Unreachable,
    int Failed,
    bool Done,
    DateTimeOffset CreatedAt,
    DateTimeOffset? FinishedAt)
{
    /// <summary>Recipients still waiting.</summary>
    public int Pending => Total - Sent - Unreachable - Failed;

    /// <summary>
    /// Recipients sent again after an attempt whose outcome was unknown (the sending instance died, or the connection
    /// dropped, between the request and its answer): each may have got the message twice. Counted, never hidden.
    /// </summary>
    public int Uncertain { get; init; }
}

/// <summary>The state of one recipient's row.</summary>
public enum RecipientState
{
    /// <summary>Not sent yet.</summary>
    Pending,

    /// <summary>Posted; <see cref="RecipientStatus.ActivityId"/> holds the message id.</summary>
    Sent,

    /// <summary>Cannot be reached (no conversation, blocked, uninstalled); <see cref="RecipientStatus.Reason"/> says why.</summary>
    Unreachable,

    /// <summary>Gave up after the configured number of attempts.</summary>
    Failed,
}

/// <summary>One recipient of a job.</summary>
public sealed record RecipientStatus(ProactiveTarget Target, RecipientState State, string? ActivityId, string? Reason, int Attempts);

/// <summary>Messages that failed for good (the connector kept refusing them after every attempt), counted per tenant and kind.</summary>
public interface ISendFailures
{
    /// <summary>The tenant's tallies, one per job label (for one-message jobs, the kind given to <see cref="IOutbox"/>).</summary>
    /// <exception cref="CxBot.Storage.TableStorageException">Storage failed.</exception>
    Task<IReadOnlyList<SendFailures>> ListAsync(string tenantId, CancellationToken cancellationToken);
}

/// <summary>How many messages of one kind (<see cref="Label"/>) failed for good in a tenant, and when the last did.</summary>
public sealed record SendFailures(string Label, int Failed, DateTimeOffset LastAt);
