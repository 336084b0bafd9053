using System.Net.Http;
using CxBot.Protocol.Connector;
using CxBot.Protocol.References;
using CxBot.Storage;

namespace CxBot.Protocol.Sending;

/// <summary>
/// Sends a tenant's unfinished jobs while this instance holds the tenant's lease. Each recipient row is marked in flight
/// (attempt and instance) before its request and with its outcome after it; a send starts only while the lease has
/// comfortably more time left than the request and that write can take, so a row is settled before the lease can pass.
/// Rows found in flight from another instance had an unknown outcome: they are counted as uncertain and sent again
/// (or failed, per <see cref="SendingSettings.ResendUnknownOutcome"/>).
/// </summary>
internal sealed class TenantRun(
    string tenantId,
    LeaseGrant lease,
    SendPacer pacer,
    TableLease leases,
    SendJobStore store,
    IRecipientResolver resolver,
    SendingConnector connector,
    ConversationReferenceStore references,
    SendProgress progress,
    SendingSettings settings,
    TimeProvider time,
    ILogger logger)
{
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(50);

    private readonly SendPacer _pacer = pacer;
    private readonly SemaphoreSlim _slots = new(settings.MaxInFlight, settings.MaxInFlight);
    private readonly Dictionary<string, JobRun> _jobs = new(StringComparer.Ordinal);
    private readonly List<Task> _sends = [];
    private readonly Queue<Prepared> _prepared = new();

    // Rows resolved and marked ahead of their turn: enough for about 150 ms of sending, so a slow storage write does not
    // cost a slot; each is one more row that is flagged uncertain if this process dies.
    private readonly int _prepareAhead = Math.Clamp(settings.TenantRequestsPerSecond * 3 / 20, 4, 32);
    private long _leaseUntilTicks = lease.Until.UtcTicks;
    private volatile bool _leaseLost;

    /// <summary>When the tenant's one-second window is clear of this run's requests.</summary>
    public DateTimeOffset ClearAt => _pacer.ClearAt;

    public async Task RunAsync(CancellationToken stopping)
    {
        using var running = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var renewing = RenewAsync(running);
        try
        {
            await LoopAsync(running.Token);
        }
        catch (OperationCanceledException) when (running.IsCancellationRequested)
        {
            // Stopping, or the lease was lost: hand over below.
        }
        finally
        {
            await UnprepareAsync();
            await Task.WhenAll(_sends.ToArray());
            await running.CancelAsync();
            await renewing;
            await HandOverAsync();
        }
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        var nextPoll = DateTimeOffset.MinValue;
        var order = new Queue<JobRun>();
        while (!cancellationToken.IsCancellationRequested && !_leaseLost)
        {
            var now = time.GetUtcNow();
            if (now >= nextPoll)
            {
                nextPoll = now + settings.PollInterval;
                foreach (var run in await TakeUpNewJobsAsync(cancellationToken))
                {
                    order.Enqueue(run);
                }

                if (_jobs.Count == 0)
                {
                    return;
                }
            }

            await FinishOrReportAsync(cancellationToken);
            if (_jobs.Count == 0)
            {
                nextPoll = DateTimeOffset.MinValue;
                continue;
            }

            // A few rows are resolved and marked in flight ahead of their turn, so storage latency stays off the pace.
            while (_prepared.Count < _prepareAhead && LeaseComfortable() && TakeNext(order, now) is { } next)
            {
                _prepared.Enqueue(new Prepared(next.Run, next.Row, PrepareAsync(next.Run, next.Row)));
            }

            if (!_prepared.TryPeek(out var item))
            {
                await Task.Delay(Idle, time, cancellationToken);
                continue;
            }

            if (await item.Reference is not { } reference)
            {
                _prepared.Dequeue();
                continue;
            }

            // A free request slot first, then the pace, then straight onto the wire: nothing slow between the pacer's
            // timestamp and the request, so the connector sees the same spacing.
            await _slots.WaitAsync(cancellationToken);
            SendSlot slot;
            try
            {
                slot = await WaitForPaceAsync(reference, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                _slots.Release();
                throw;
            }

            if (!LeaseComfortable())
            {
                _pacer.Answered(slot);
                _slots.Release();
                await Task.Delay(Idle, time, cancellationToken);
                continue;
            }

            _prepared.Dequeue();
            lock (_sends)
            {
                _sends.RemoveAll(t => t.IsCompleted);
                _sends.Add(PostAsync(item.Run, item.Row, reference, slot));
            }
        }
    }

    /// <summary>The next row due, round robin over the jobs so a small job is not stuck behind a large one.</summary>
    private (JobRun Run, RecipientRow Row)? TakeNext(Queue<JobRun> order, DateTimeOffset now)
    {
        var count = order.Count;
        for (var i = 0; i < count; i++)
        {
            var candidate = order.Dequeue();
            if (!_jobs.ContainsKey(candidate.Job.JobId))
            {
                continue;
            }

            order.Enqueue(candidate);
            if (candidate.TryTake(now, out _) is { } row)
            {
                return (candidate, row);
            }
        }

        return null;
    }

    /// <summary>Reads the tenant's active jobs this run does not carry yet, with a fresh count of their rows.</summary>
    private async Task<List<JobRun>> TakeUpNewJobsAsync(CancellationToken cancellationToken)
    {
        var added = new List<JobRun>();
        foreach (var (tenant, jobId) in await store.ListActiveAsync(cancellationToken))
        {
            if (tenant != tenantId || _jobs.ContainsKey(jobId) || await store.GetAsync(tenantId, jobId, cancellationToken) is not { State: JobStates.Ready } job)
            {
                continue;
            }

            var run = new JobRun(job, time.GetUtcNow());
            int sent = 0, unreachable = 0, failed = 0, uncertain = 0, takenOver = 0;
            var pending = new List<RecipientRow>();
            await foreach (var row in store.ListRecipientsAsync(tenantId, jobId, cancellationToken))
            {
                uncertain += row.Uncertain ? 1 : 0;
                if (row.State == RowStates.InFlight && row.Instance != settings.Instance)
                {
                    // Marked before a request whose answer was never recorded: it may have been delivered.
                    takenOver++;
                    if (!row.Uncertain)
                    {
                        uncertain++;
                        row.Uncertain = true;
                    }

                    if (!settings.ResendUnknownOutcome)
                    {
                        row.State = RowStates.Failed;
                        await store.TryUpdateAsync(row, new TableEntity { ["State"] = RowStates.Failed, ["Reason"] = SendReasons.OutcomeUnknown, ["Uncertain"] = true }, cancellationToken);
                    }
                }

                switch (row.State)
                {
                    case RowStates.Sent: sent++; break;
                    case RowStates.Unreachable: unreachable++; break;
                    case RowStates.Failed: failed++; break;
                    default: pending.Add(row); break;
                }
            }

            run.Reset(sent, unreachable, failed, uncertain, pending);
            _jobs[jobId] = run;
            added.Add(run);
            Log.JobTakenUp(logger, jobId, pending.Count, takenOver);
        }

        return added;
    }

    private async Task FinishOrReportAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        foreach (var run in _jobs.Values.ToList())
        {
            if (run.IsFinished)
            {
                await run.ProgressTask;
                var counts = run.Counts;
                await progress.ReportAsync(run, _pacer, final: true, cancellationToken);
                await store.FinishAsync(tenantId, run.Job.JobId, counts, cancellationToken);
                _jobs.Remove(run.Job.JobId);
                Log.JobDone(logger, run.Job.JobId, counts.Sent, counts.Unreachable, counts.Failed, counts.Uncertain);
            }
            else if (now >= run.NextProgress && run.ProgressTask.IsCompleted)
            {
                run.NextProgress = now + settings.ProgressInterval;
                run.ProgressTask = ReportAsync(run, cancellationToken);
            }
        }
    }

    /// <summary>Saves the counts on the job row (what <see cref="ISendJobs.GetAsync"/> shows) and updates the progress card.</summary>
    private async Task ReportAsync(JobRun run, CancellationToken cancellationToken)
    {
        try
        {
            await store.SaveProgressAsync(tenantId, run.Job.JobId, run.Counts, null, cancellationToken);
        }
        catch (TableStorageException ex)
        {
            Log.StorageFailed(logger, ex.Status, ex.ErrorCode);
        }

        await progress.ReportAsync(run, _pacer, final: false, cancellationToken);
    }

    /// <summary>Resolves the recipient and marks its row in flight; null when the row was settled or put back instead.</summary>
    private async Task<ConversationReference?> PrepareAsync(JobRun run, RecipientRow row)
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

    /// <summary>Posts one prepared row and writes its outcome. Runs to its end even when stopping, so the row is settled before the lease can pass.</summary>
    private async Task PostAsync(JobRun run, RecipientRow row, ConversationReference reference, SendSlot slot)
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
        finally
        {
            _slots.Release();
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
                _pacer.Succeeded();
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
            _pacer.Answered(slot);
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
            _pacer.Throttled(ex.RetryAfter);
            Log.TenantPaused(logger, (ex.RetryAfter ?? TimeSpan.Zero).TotalMilliseconds, _pacer.Pace);
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

    /// <summary>Waits until the pacer gives a slot for a request to the reference's conversation.</summary>
    private Task<SendSlot> WaitForPaceAsync(ConversationReference reference, CancellationToken cancellationToken) =>
        _pacer.WaitAsync(reference.ServiceUrl + "|" + reference.ConversationId, cancellationToken);

    /// <summary>Gives back the rows prepared but not posted (stopping): nothing was sent for them.</summary>
    private async Task UnprepareAsync()
    {
        while (_prepared.TryDequeue(out var item))
        {
            // A preparation that failed marked nothing (the loop already failed on it): nothing to give back.
            if (await item.Reference.ContinueWith(static t => t.IsCompletedSuccessfully ? t.Result : null, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default) is not null)
            {
                try
                {
                    await SettleAsync(item.Run, item.Row, new TableEntity { ["State"] = RowStates.Pending, ["Attempts"] = item.Row.Attempts - 1 }, RowStates.Pending);
                }
                catch (TableStorageException ex)
                {
                    Log.StorageFailed(logger, ex.Status, ex.ErrorCode);
                }
            }
        }
    }

    private TimeSpan Backoff(int attempts) => settings.RetryDelay * Math.Pow(2, Math.Clamp(attempts - 1, 0, 6));

    /// <summary>True while the lease has more left than a request and the write after it can take.</summary>
    private bool LeaseComfortable() => !_leaseLost && new DateTimeOffset(Interlocked.Read(ref _leaseUntilTicks), TimeSpan.Zero) - time.GetUtcNow() > settings.AttemptTimeout + settings.StoreMargin;

    private async Task RenewAsync(CancellationTokenSource running)
    {
        while (!running.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(settings.LeaseRenewEvery, time, running.Token);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            try
            {
                var now = time.GetUtcNow();
                var grant = await leases.TryTakeAsync(lease.Name, lease.Holder, now, now + settings.LeaseDuration, CancellationToken.None);
                if (grant is null)
                {
                    _leaseLost = true;
                    Log.LeaseLost(logger, settings.Instance);
                    await running.CancelAsync();
                    return;
                }

                Interlocked.Exchange(ref _leaseUntilTicks, grant.Until.UtcTicks);
            }
            catch (TableStorageException ex)
            {
                // Keep the old expiry: sends stop by themselves when it gets too close.
                Log.StorageFailed(logger, ex.Status, ex.ErrorCode);
            }
        }
    }

    private async Task HandOverAsync()
    {
        foreach (var run in _jobs.Values)
        {
            try
            {
                await run.ProgressTask.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
                await store.SaveProgressAsync(tenantId, run.Job.JobId, run.Counts, run.ProgressActivityId, CancellationToken.None);
            }
            catch (TableStorageException ex)
            {
                Log.StorageFailed(logger, ex.Status, ex.ErrorCode);
            }
        }

        if (!_leaseLost)
        {
            try
            {
                // Kept until the tenant's window is clear of this run's requests, so the next holder needs no quiet start.
                var now = time.GetUtcNow();
                if (_pacer.ClearAt is var clear && clear > now)
                {
                    await leases.TryTakeAsync(lease.Name, lease.Holder, now, clear, CancellationToken.None);
                }
                else
                {
                    await leases.ReleaseAsync(lease.Name, lease.Holder, CancellationToken.None);
                }

                Log.LeaseReleased(logger, settings.Instance);
            }
            catch (TableStorageException ex)
            {
                Log.StorageFailed(logger, ex.Status, ex.ErrorCode);
            }
        }
    }

    private sealed record Prepared(JobRun Run, RecipientRow Row, Task<ConversationReference?> Reference);
}
