using CxBot.Protocol.References;
using CxBot.Protocol.Routing;
using CxBot.Storage;

namespace CxBot.Protocol.Sending;

/// <summary>
/// Bulk messages nobody is waiting for (a welcome on install): queued durably as a one-recipient send job and delivered
/// at the tenant's pace by whichever instance holds its send lease, so a burst (an app pushed to everyone) is answered at
/// once, waits its turn, and loses nothing; a 429 waits for <c>Retry-After</c>, and a message that fails for good is
/// counted (<see cref="ISendJobs.GetFailuresAsync"/>) and logged.
/// </summary>
public interface IOutbox
{
    /// <summary>
    /// Queues <paramref name="activity"/> into the conversation the turn came from. <paramref name="kind"/> names it in jobs,
    /// logs and the failure count (letters, digits, '-'; no user text). Idempotent per inbound activity: Teams redelivering
    /// the same install queues nothing more. When storage refuses the job the message is sent at once instead, as a reply
    /// (so a storage outage costs the pace, never the message).
    /// </summary>
    /// <returns>The job that carries it, or null when it was sent at once.</returns>
    Task<SendJobStatus?> QueueReplyAsync(TurnContext turn, string kind, Activity activity);
}

/// <inheritdoc />
/// <remarks>Posts to the engine itself (<see cref="SendJobs"/>), not to whatever <see cref="ISendJobs"/> a test put in its place.</remarks>
internal sealed class Outbox(SendJobs jobs, ILogger<Outbox> logger) : IOutbox
{
    public async Task<SendJobStatus?> QueueReplyAsync(TurnContext turn, string kind, Activity activity)
    {
        var inbound = turn.Activity;
        if (ReferenceRecorder.TargetOf(inbound) is not { } target)
        {
            await turn.SendAsync(activity);
            return null;
        }

        try
        {
            var job = await jobs.CreateAsync(new SendJobRequest(target.TenantId, JobId(kind, target.TenantId, inbound), kind, activity, [target]), turn.CancellationToken);
            Log.Queued(logger, kind);
            return job;
        }
        catch (TableStorageException ex)
        {
            Log.QueueFailed(logger, kind, ex.Status, ex.ErrorCode);
            await turn.SendAsync(activity);
            return null;
        }
    }

    /// <summary>
    /// The job of a message queued in answer to <paramref name="inbound"/>: the same inbound activity (a redelivery) gives
    /// the same job, so one message however often Teams asks. Hashed: ids are no business of the job table's keys.
    /// </summary>
    internal static string JobId(string kind, string tenantId, Activity inbound) =>
        kind + "-" + TableKeys.Hash(tenantId + "|" + (inbound.Conversation?.Id ?? "") + "|"
            + (inbound.Id ?? inbound.Timestamp?.ToString("O", System.Globalization.CultureInfo.InvariantCulture) ?? Guid.NewGuid().ToString("N")));
}
