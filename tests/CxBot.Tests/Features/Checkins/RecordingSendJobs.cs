using System.Collections.Concurrent;
using CxBot.Protocol.References;
using CxBot.Protocol.Sending;

namespace CxBot.Tests.Features.Checkins;

/// <summary>
/// A send engine for tests: records each job once (by tenant and job id, as the real engine does) and delivers it at once,
/// in order, through the bot's own <see cref="IProactiveSender"/> (so the fake connector sees the cards).
/// </summary>
internal sealed class RecordingSendJobs(IProactiveSender sender, TimeProvider time) : ISendJobs
{
    private readonly ConcurrentDictionary<(string, string), SendJobRequest> _jobs = new();

    /// <summary>Every job created, first creation only, in order.</summary>
    public ConcurrentQueue<SendJobRequest> Created { get; } = new();

    public async Task<SendJobStatus> CreateAsync(SendJobRequest request, CancellationToken cancellationToken)
    {
        if (_jobs.TryAdd((request.TenantId, request.JobId), request))
        {
            Created.Enqueue(request);
            foreach (var target in request.Recipients)
            {
                await sender.SendProactiveAsync(target, request.Activity, cancellationToken);
            }
        }

        return Status(_jobs[(request.TenantId, request.JobId)]);
    }

    public Task<SendJobStatus?> GetAsync(string tenantId, string jobId, CancellationToken cancellationToken) =>
        Task.FromResult(_jobs.TryGetValue((tenantId, jobId), out var job) ? Status(job) : null);

    public IAsyncEnumerable<RecipientStatus> ListRecipientsAsync(string tenantId, string jobId, CancellationToken cancellationToken) =>
        (_jobs.TryGetValue((tenantId, jobId), out var job) ? job.Recipients : []).Select(r => new RecipientStatus(r, RecipientState.Sent, null, null, 1)).ToAsyncEnumerable();

    private SendJobStatus Status(SendJobRequest r) => new(r.TenantId, r.JobId, r.Label, r.Recipients.Count, r.Recipients.Count, 0, 0, true, time.GetUtcNow(), time.GetUtcNow());
}
