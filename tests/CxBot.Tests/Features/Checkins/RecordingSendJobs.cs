using System.Collections.Concurrent;
using CxBot.Protocol.References;
using CxBot.Protocol.Sending;

namespace CxBot.Tests.Features.Checkins;

/// <summary>
/// A send engine for tests: records each job once (by tenant and job id, as the real engine does) and delivers it at once,
/// in order, through the bot's own <see cref="IProactiveSender"/> (so the fake connector sees the cards), and reports each
/// recipient as the sender fared: sent, or unreachable with the engine's reason (no conversation, removed or blocked,
/// blocked now, conversation not found).
/// </summary>
internal sealed class RecordingSendJobs(IProactiveSender sender, TimeProvider time) : ISendJobs
{
    private readonly ConcurrentDictionary<(string, string), (SendJobRequest Request, IReadOnlyList<RecipientStatus> Recipients)> _jobs = new();
    private readonly ConcurrentDictionary<(string, string), SemaphoreSlim> _creating = new();

    /// <summary>Every job created, first creation only, in order.</summary>
    public ConcurrentQueue<SendJobRequest> Created { get; } = new();

    /// <summary>While true, every job reads as still sending: not done, every recipient pending (as the real engine mid-job).</summary>
    public bool HoldOutcomes { get; set; }

    public async Task<SendJobStatus> CreateAsync(SendJobRequest request, CancellationToken cancellationToken)
    {
        var key = (request.TenantId, request.JobId);
        var gate = _creating.GetOrAdd(key, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        try
        {
            if (!_jobs.ContainsKey(key))
            {
                Created.Enqueue(request);
                var recipients = new List<RecipientStatus>();
                foreach (var target in request.Recipients)
                {
                    var result = await sender.SendProactiveAsync(target, request.Activity, cancellationToken);
                    recipients.Add(result.Outcome switch
                    {
                        ProactiveOutcome.Sent => new RecipientStatus(target, RecipientState.Sent, result.ActivityId, null, 1),
                        ProactiveOutcome.NoReference => new RecipientStatus(target, RecipientState.Unreachable, null, "no-conversation", 0),
                        ProactiveOutcome.Retired => new RecipientStatus(target, RecipientState.Unreachable, null, "removed-or-blocked-the-bot", 0),
                        ProactiveOutcome.Blocked => new RecipientStatus(target, RecipientState.Unreachable, null, "blocked", 1),
                        _ => new RecipientStatus(target, RecipientState.Unreachable, null, "conversation-not-found", 1),
                    });
                }

                _jobs[key] = (request, recipients);
            }
        }
        finally
        {
            gate.Release();
        }

        return Status(_jobs[key]);
    }

    public Task<SendJobStatus?> GetAsync(string tenantId, string jobId, CancellationToken cancellationToken) =>
        Task.FromResult(_jobs.TryGetValue((tenantId, jobId), out var job) ? Status(job) : null);

    public IAsyncEnumerable<RecipientStatus> ListRecipientsAsync(string tenantId, string jobId, CancellationToken cancellationToken) =>
        (_jobs.TryGetValue((tenantId, jobId), out var job) ? job.Recipients : [])
        .Select(r => HoldOutcomes ? new RecipientStatus(r.Target, RecipientState.Pending, null, null, 0) : r)
        .ToAsyncEnumerable();

    private SendJobStatus Status((SendJobRequest Request, IReadOnlyList<RecipientStatus> Recipients) job) => HoldOutcomes
        ? new(job.Request.TenantId, job.Request.JobId, job.Request.Label, job.Recipients.Count, 0, 0, 0, false, time.GetUtcNow(), null)
        : new(job.Request.TenantId, job.Request.JobId, job.Request.Label, job.Recipients.Count,
            job.Recipients.Count(r => r.State == RecipientState.Sent), job.Recipients.Count(r => r.State == RecipientState.Unreachable), 0, true, time.GetUtcNow(), time.GetUtcNow());
}
