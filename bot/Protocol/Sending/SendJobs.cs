using System.Runtime.CompilerServices;
using System.Text.RegularExpressions;
using CxBot.Protocol.References;
using Microsoft.Extensions.Options;

namespace CxBot.Protocol.Sending;

/// <inheritdoc />
internal sealed partial class SendJobs(SendJobStore store, IOptions<SendingOptions> options, SendWakeup wakeup, ILogger<SendJobs> logger) : ISendJobs, ISendFailures
{
    public const int MaxLabelLength = 100;

    private readonly SendingOptions _settings = options.Value;

    public async Task<SendJobStatus> CreateAsync(SendJobRequest request, CancellationToken cancellationToken)
    {
        Validate(request);
        var recipients = request.Recipients.Distinct().ToList();
        var job = await store.CreateAsync(request, recipients, cancellationToken);
        Log.JobCreated(logger, request.JobId, job.Total);
        wakeup.Wake(request.TenantId);
        return job.ToStatus();
    }

    public async Task<SendJobStatus?> GetAsync(string tenantId, string jobId, CancellationToken cancellationToken) =>
        IsValidJobId(jobId) ? (await store.GetAsync(tenantId, jobId, cancellationToken))?.ToStatus() : null;

    public async IAsyncEnumerable<RecipientStatus> ListRecipientsAsync(string tenantId, string jobId, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!IsValidJobId(jobId))
        {
            yield break;
        }

        await foreach (var row in store.ListRecipientsAsync(tenantId, jobId, cancellationToken))
        {
            var state = row.State switch
            {
                RowStates.Sent => RecipientState.Sent,
                RowStates.Unreachable => RecipientState.Unreachable,
                RowStates.Failed => RecipientState.Failed,
                _ => RecipientState.Pending,
            };
            yield return new RecipientStatus(row.Target, state, string.IsNullOrEmpty(row.ActivityId) ? null : row.ActivityId, state == RecipientState.Sent ? null : row.Reason, row.Attempts);
        }
    }

    public Task<IReadOnlyList<SendFailures>> ListAsync(string tenantId, CancellationToken cancellationToken) => store.ListFailuresAsync(tenantId, cancellationToken);

    private void Validate(SendJobRequest request)
    {
        if (string.IsNullOrWhiteSpace(request.TenantId))
        {
            throw new ArgumentException("A send job needs a tenant.", nameof(request));
        }

        if (!IsValidJobId(request.JobId))
        {
            throw new ArgumentException("A job id is 1 to 100 letters, digits, '-' or '_'.", nameof(request));
        }

        if (request.Label.Length > MaxLabelLength)
        {
            throw new ArgumentException($"A job label is at most {MaxLabelLength} characters.", nameof(request));
        }

        if (request.Recipients.Count > _settings.MaxRecipients)
        {
            throw new ArgumentException($"A job has at most {_settings.MaxRecipients} recipients (Sending:MaxRecipients).", nameof(request));
        }

        if (request.Recipients.Any(r => r.TenantId != request.TenantId) || (request.ProgressTo is { } to && to.TenantId != request.TenantId))
        {
            throw new ArgumentException("Every recipient of a job is in the job's tenant.", nameof(request));
        }
    }

    private static bool IsValidJobId(string? jobId) => jobId is not null && JobId().IsMatch(jobId);

    [GeneratedRegex("^[A-Za-z0-9_-]{1,100}$", RegexOptions.CultureInvariant)]
    private static partial Regex JobId();
}

/// <summary>Lets a job created on this instance start without waiting for the next poll.</summary>
internal sealed class SendWakeup
{
    private readonly SemaphoreSlim _signal = new(0, 1);
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _generation;

    /// <summary>Counts wake-ups: a tenant run that saw another number than last time looks for new jobs at once.</summary>
    public int Generation => Volatile.Read(ref _generation);

    /// <summary>Completes at the next wake-up (a job created on this instance).</summary>
    public Task Next => Volatile.Read(ref _next).Task;

    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _woken = new();

    /// <summary>The tenants of the jobs created since the last call; null among them when something else asked for a poll.</summary>
    public IReadOnlyList<string?> TakeWoken()
    {
        var list = new List<string?>();
        while (_woken.TryDequeue(out var tenant))
        {
            list.Add(tenant.Length == 0 ? null : tenant);
        }

        return list;
    }

    /// <summary>Wakes the worker (and any tenant run) now; <paramref name="tenantId"/> is the tenant of a job just created, if that is why.</summary>
    public void Wake(string? tenantId = null)
    {
        if (_woken.Count < 10_000)
        {
            _woken.Enqueue(tenantId ?? "");
        }

        Interlocked.Increment(ref _generation);
        Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
        try
        {
            _signal.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already signalled.
        }
    }

    /// <summary>Waits for a wake-up or the timeout; true when woken.</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);
}
