using System.Collections.Concurrent;
using CxBot.Protocol.References;

namespace CxBot.Protocol.Sending;

/// <summary>
/// INTERIM, to be deleted when the send engine is merged (its AddSingleton replaces this TryAddSingleton): sends each
/// recipient at once, in the background, through <see cref="IProactiveSender"/>. No durability, no pacing; idempotent by
/// job id only within this process.
/// </summary>
internal sealed class InterimSendJobs(IProactiveSender sender, TimeProvider time, IHostApplicationLifetime lifetime) : ISendJobs
{
    private readonly ConcurrentDictionary<(string, string), Job> _jobs = new();

    public Task<SendJobStatus> CreateAsync(SendJobRequest request, CancellationToken cancellationToken)
    {
        var job = _jobs.GetOrAdd((request.TenantId, request.JobId), _ => new Job(request, time.GetUtcNow()));
        if (Interlocked.Exchange(ref job.Started, 1) == 0)
        {
            _ = Task.Run(() => RunAsync(job, lifetime.ApplicationStopping), CancellationToken.None);
        }

        return Task.FromResult(job.Status());
    }

    public Task<SendJobStatus?> GetAsync(string tenantId, string jobId, CancellationToken cancellationToken) =>
        Task.FromResult(_jobs.TryGetValue((tenantId, jobId), out var job) ? job.Status() : null);

    public async IAsyncEnumerable<RecipientStatus> ListRecipientsAsync(string tenantId, string jobId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await Task.CompletedTask;
        if (_jobs.TryGetValue((tenantId, jobId), out var job))
        {
            foreach (var target in job.Request.Recipients)
            {
                yield return job.States.TryGetValue(target, out var state) ? state : new RecipientStatus(target, RecipientState.Pending, null, null, 0);
            }
        }
    }

    private async Task RunAsync(Job job, CancellationToken cancellationToken)
    {
        foreach (var target in job.Request.Recipients)
        {
            try
            {
                var result = await sender.SendProactiveAsync(target, job.Request.Activity, cancellationToken);
                job.States[target] = result.Outcome == ProactiveOutcome.Sent
                    ? new RecipientStatus(target, RecipientState.Sent, result.ActivityId, null, 1)
                    : new RecipientStatus(target, RecipientState.Unreachable, null, result.Outcome.ToString(), 1);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                job.States[target] = new RecipientStatus(target, RecipientState.Failed, null, e.GetType().Name, 1);
            }
        }

        job.FinishedAt = time.GetUtcNow();
    }

    private sealed class Job(SendJobRequest request, DateTimeOffset createdAt)
    {
        public int Started;

        public SendJobRequest Request { get; } = request;

        public ConcurrentDictionary<ProactiveTarget, RecipientStatus> States { get; } = new();

        public DateTimeOffset? FinishedAt { get; set; }

        public SendJobStatus Status()
        {
            var states = States.Values.Select(s => s.State).ToList();
            return new(Request.TenantId, Request.JobId, Request.Label, Request.Recipients.Count, states.Count(s => s == RecipientState.Sent), states.Count(s => s == RecipientState.Unreachable), states.Count(s => s == RecipientState.Failed), FinishedAt is not null, createdAt, FinishedAt);
        }
    }
}
