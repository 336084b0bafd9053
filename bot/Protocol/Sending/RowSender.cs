using System.Net.Http;
using CxBot.Protocol.Connector;
using CxBot.Protocol.References;
using CxBot.Storage;

namespace CxBot.Protocol.Sending;

/// <summary>
/// Sends one recipient row for a tenant run: resolves it and marks it in flight (attempt and instance) before its
/// request, posts it, and writes its outcome after it (sent, unreachable, back to pending with a back-off, or failed).
/// </summary>
internal sealed class RowSender(
    string tenantId,
    SendPacer pacer,
    SendJobStore store,
    IRecipientResolver resolver,
    SendingConnector connector,
    ConversationReferenceStore references,
    SendMetrics metrics,
    SendingOptions settings,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>Resolves the recipient and marks its row in flight; null when the row was settled or put back instead.</summary>
    public async Task<ConversationReference?> PrepareAsync(JobRun run, RecipientRow row)
    {
        await Task.Yield();
        try
        {
            var reach = await resolver.ResolveAsync(row.Target, CancellationToken.None);
            if (reach.Reference is null)
            {
                if (reach.TryLater && row.Attempts + 1 < settings.MaxAttempts)
                {
                    await SettleAsync(run, row, new TableEntity { ["Attempts"] = row.Attempts + 1, ["Reason"] = reach.Reason }, RowStates.Pending, Backoff(row.Attempts + 1));
                }
                else
                {
                    var state = reach.TryLater ? RowStates.Failed : RowStates.Unreachable;
                    await SettleAsync(run, row, new TableEntity { ["State"] = state, ["Reason"] = reach.Reason }, state);
                }

                return null;
            }

            var attempt = row.Attempts + 1;
            var mark = new TableEntity { ["State"] = RowStates.InFlight, ["Attempts"] = attempt, ["Instance"] = settings.Instance, ["Uncertain"] = row.Uncertain };
            if (!await store.TryUpdateAsync(row, mark, CancellationToken.None))
            {
                await ReloadAsync(run, row);
                return null;
            }

            (row.State, row.Attempts, row.Instance) = (RowStates.InFlight, attempt, settings.Instance);
            return reach.Reference;
        }
        catch (TableStorageException ex)
        {
            Log.StorageFailed(logger, ex.Status, ex.ErrorCode);
            PutBackAfterStorageFailure(run, row);
            return null;
        }
    }

    /// <summary>Gives back a row prepared but not posted (stopping): nothing was sent for it.</summary>
    public async Task UnprepareAsync(JobRun run, RecipientRow row)
    {
        try
        {
            await SettleAsync(run, row, new TableEntity { ["State"] = RowStates.Pending, ["Attempts"] = row.Attempts - 1 }, RowStates.Pending);
        }
        catch (TableStorageException ex)
        {
            Log.StorageFailed(logger, ex.Status, ex.ErrorCode);
        }
    }

    /// <summary>Posts one prepared row and writes its outcome. Runs to its end even when stopping, so the row is settled before the lease can pass.</summary>
    public async Task PostAsync(JobRun run, RecipientRow row, ConversationReference reference, SendSlot slot)
    {
        // No yield: the request is built and started on the caller's thread, right after its pacer slot.
        try
        {
            await PostRowAsync(run, row, reference, slot);
        }
        catch (TableStorageException ex)
        {
            Log.StorageFailed(logger, ex.Status, ex.ErrorCode);
            PutBackAfterStorageFailure(run, row);
        }
    }

    private async Task PostRowAsync(JobRun run, RecipientRow row, ConversationReference reference, SendSlot slot)
    {
        var ct = CancellationToken.None;
        var outgoing = ProactiveSender.Outgoing(reference, run.Job.Activity, null) with
        {
            ChannelData = SendKeys.With(run.Job.Activity.ChannelData, SendJobStore.SendKey(run.Job.JobId, row.Index), row.Target.TenantId),
        };
        ConnectorResult<ResourceResponse> result;
        try
        {
            result = await SendAsync(reference, outgoing, slot);
        }
        catch (ConnectorException ex)
        {
            await FailedAttemptAsync(run, row, ex);
            return;
        }
        catch (ServiceUrlNotAllowedException)
        {
            await SettleAsync(run, row, new TableEntity { ["State"] = RowStates.Unreachable, ["Reason"] = SendReasons.ServiceUrlNotAllowed }, RowStates.Unreachable);
            return;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            await UnknownOutcomeAsync(run, row, ex.GetType().Name);
            return;
        }

        switch (result.Outcome)
        {
            case ConnectorOutcome.Ok:
                pacer.Succeeded();
                await SettleAsync(run, row, new TableEntity { ["State"] = RowStates.Sent, ["ActivityId"] = result.Value?.Id ?? "" }, RowStates.Sent);
                break;
            case ConnectorOutcome.Blocked:
                await references.RetireAsync(row.Target, "blocked", ct);
                await SettleAsync(run, row, new TableEntity { ["State"] = RowStates.Unreachable, ["Reason"] = SendReasons.Blocked }, RowStates.Unreachable);
                break;
            default:
                await SettleAsync(run, row, new TableEntity { ["State"] = RowStates.Unreachable, ["Reason"] = SendReasons.NotFound }, RowStates.Unreachable);
                break;
        }
    }

    /// <summary>The request itself; its pacer slot is answered the moment it ends, whatever the outcome, before any row is written.</summary>
    private async Task<ConnectorResult<ResourceResponse>> SendAsync(ConversationReference reference, Activity outgoing, SendSlot slot)
    {
        try
        {
            return await connector.Client.SendToConversationAsync(reference.ServiceUrl, reference.ConversationId, outgoing, CancellationToken.None);
        }
        finally
        {
            // The service cannot receive the request later than now.
            pacer.Answered(slot);
        }
    }

    /// <summary>Storage failed around a send: the row goes back (as uncertain if its request may have gone out) and is tried later.</summary>
    private void PutBackAfterStorageFailure(JobRun run, RecipientRow row)
    {
        if (row.State == RowStates.InFlight && !row.Uncertain)
        {
            row.Uncertain = true;
            run.CountUncertain();
        }

        row.NotBefore = time.GetUtcNow() + settings.RetryDelay;
        run.PutBack(row);
    }

    private async Task FailedAttemptAsync(JobRun run, RecipientRow row, ConnectorException ex)
    {
        Log.AttemptFailed(logger, row.Attempts, ex.Status);
        if (ex.Status == 429)
        {
            // The tenant's pace, not this recipient: the whole tenant slows (and waits for Retry-After), and the attempt does not count.
            pacer.Throttled(ex.RetryAfter);
            Log.TenantPaused(logger, (ex.RetryAfter ?? TimeSpan.Zero).TotalMilliseconds, pacer.Pace);
            metrics.Throttled(bulk: true);
            metrics.Paused();
            await SettleAsync(run, row, new TableEntity { ["State"] = RowStates.Pending, ["Attempts"] = row.Attempts - 1 }, RowStates.Pending);
            return;
        }

        var transient = ex.Status is 408 or 412 or >= 500;
        if (transient && row.Attempts < settings.MaxAttempts)
        {
            await SettleAsync(run, row, new TableEntity { ["State"] = RowStates.Pending, ["Reason"] = "status-" + ex.Status }, RowStates.Pending, Backoff(row.Attempts));
            return;
        }

        await SettleAsync(run, row, new TableEntity { ["State"] = RowStates.Failed, ["Reason"] = "status-" + ex.Status }, RowStates.Failed);
    }

    private async Task UnknownOutcomeAsync(JobRun run, RecipientRow row, string error)
    {
        Log.OutcomeUnknown(logger, error);
        if (!row.Uncertain)
        {
            row.Uncertain = true;
            run.CountUncertain();
        }

        if (settings.ResendUnknownOutcome && row.Attempts < settings.MaxAttempts)
        {
            await SettleAsync(run, row, new TableEntity { ["State"] = RowStates.Pending, ["Uncertain"] = true, ["Reason"] = SendReasons.OutcomeUnknown }, RowStates.Pending, Backoff(row.Attempts));
            return;
        }

        await SettleAsync(run, row, new TableEntity { ["State"] = RowStates.Failed, ["Uncertain"] = true, ["Reason"] = SendReasons.OutcomeUnknown }, RowStates.Failed);
    }

    /// <summary>Writes the row's new state (retrying the write a few times) and counts it, or puts it back to send again.</summary>
    private async Task SettleAsync(JobRun run, RecipientRow row, TableEntity changes, string state, TimeSpan backoff = default)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                if (!await store.TryUpdateAsync(row, changes, CancellationToken.None))
                {
                    await ReloadAsync(run, row);
                    return;
                }

                break;
            }
            catch (TableStorageException) when (attempt < 3)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200 * (attempt + 1)), time);
            }
        }

        row.State = state;
        row.Reason = changes.GetString("Reason") ?? row.Reason;
        row.Attempts = changes.GetInt32("Attempts") ?? row.Attempts;
        if (state == RowStates.Pending)
        {
            row.NotBefore = time.GetUtcNow() + backoff;
            run.PutBack(row);
        }
        else
        {
            metrics.Settled(state);
            run.Finish(row);
        }
    }

    /// <summary>Someone else wrote the row (it should not happen under the lease): take it as stored.</summary>
    private async Task ReloadAsync(JobRun run, RecipientRow row)
    {
        var fresh = await store.ReloadAsync(tenantId, row, CancellationToken.None);
        if (fresh is null || fresh.State is RowStates.Sent or RowStates.Unreachable or RowStates.Failed)
        {
            row.State = fresh?.State ?? RowStates.Failed;
            run.Finish(row);
            return;
        }

        row.ETag = fresh.ETag;
        row.State = fresh.State;
        row.Attempts = fresh.Attempts;
        row.NotBefore = time.GetUtcNow() + settings.RetryDelay;
        run.PutBack(row);
    }

    private TimeSpan Backoff(int attempts) => settings.RetryDelay * Math.Pow(2, Math.Clamp(attempts - 1, 0, 6));
}
