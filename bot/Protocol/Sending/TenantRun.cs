using CxBot.Protocol.References;
using CxBot.Storage;

namespace CxBot.Protocol.Sending;

/// <summary>
/// Sends a tenant's unfinished jobs while this instance holds the tenant's lease: takes up new jobs (their rows are read
/// in the background, <see cref="JobLoader"/>, and sent as they come), keeps a few rows prepared ahead, posts each when
/// the pacer gives a slot (<see cref="RowSender"/>), and reports progress. A send starts only while the lease has
/// comfortably more time left than the request and the write after it can take (<see cref="TenantLease"/>), so a row is
/// settled before the lease can pass.
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
    SendWakeup wakeup,
    SendMetrics metrics,
    SendingOptions settings,
    TimeProvider time,
    ILogger logger)
{
    private static readonly TimeSpan Idle = TimeSpan.FromMilliseconds(50);

    private readonly SendPacer _pacer = pacer;
    private readonly TenantLease _lease = new(lease, leases, metrics, settings, time, logger);
    private readonly JobLoader _loader = new(tenantId, store, settings, logger);
    private readonly RowSender _rows = new(tenantId, pacer, store, resolver, connector, references, metrics, settings, time, logger);
    private readonly SemaphoreSlim _slots = new(settings.MaxInFlight, settings.MaxInFlight);
    private readonly Dictionary<string, JobRun> _jobs = new(StringComparer.Ordinal);
    private readonly List<Task> _loads = [];
    private readonly List<Task> _sends = [];
    private readonly List<(string JobId, Task Task)> _finishing = [];
    private readonly Queue<Prepared> _prepared = new();

    // Completed when a job's rows change (read, put back, settled): the loop, idle, wakes at once instead of after Idle.
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    // Rows resolved and marked ahead of their turn: enough for about 150 ms of sending, so a slow storage write does not
    // cost a slot; each is one more row that is flagged uncertain if this process dies.
    private readonly int _prepareAhead = Math.Clamp(settings.TenantRequestsPerSecond * 3 / 20, 4, 32);

    /// <summary>When the tenant's one-second window is clear of this run's requests.</summary>
    public DateTimeOffset ClearAt => _pacer.ClearAt;

    public async Task RunAsync(CancellationToken stopping)
    {
        using var running = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var renewing = _lease.RenewAsync(running);
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
            await StopLoadingAsync();
            Task[] finishing;
            lock (_finishing)
            {
                finishing = [.. _finishing.Select(f => f.Task)];
            }

            await Task.WhenAll(finishing);
            await HandOverAsync();
        }
    }

    private async Task LoopAsync(CancellationToken cancellationToken)
    {
        var nextPoll = DateTimeOffset.MinValue;
        var order = new Queue<JobRun>();
        DateTimeOffset? idleSince = null;
        var seen = wakeup.Generation;
        var lastPoll = DateTimeOffset.MinValue;
        while (!cancellationToken.IsCancellationRequested && !_lease.Lost)
        {
            var now = time.GetUtcNow();
            var generation = wakeup.Generation;
            // With a long queue (a burst of welcomes) new jobs are looked for less often: each look reads the tenant's
            // whole index of unfinished jobs, and there is plenty to send meanwhile.
            var busy = _jobs.Count > settings.TenantRequestsPerSecond * 4;
            if (now >= nextPoll || (generation != seen && now >= lastPoll + (busy ? settings.PollInterval : SendWorker.MinPollGap)))
            {
                seen = generation;
                lastPoll = now;
                nextPoll = now + (busy ? settings.PollInterval * 5 : settings.PollInterval);
                foreach (var run in await TakeUpNewJobsAsync(cancellationToken))
                {
                    order.Enqueue(run);
                }

                if (_jobs.Count == 0)
                {
                    // Nothing to send: stay a little, so messages that come one after another (welcomes as people install)
                    // go out at once with this run's windows, instead of each new run waiting for the last one's second.
                    idleSince ??= now;
                    if (now - idleSince >= settings.IdleLinger)
                    {
                        return;
                    }

                    await Task.WhenAny(wakeup.Next, Task.Delay(settings.PollInterval, time, cancellationToken));
                    nextPoll = DateTimeOffset.MinValue;
                    continue;
                }

                idleSince = null;
            }

            // A job whose rows could not be read (a storage failure or timeout) ends the run: the next poll takes it up again.
            if (_loads.Find(t => t.IsFaulted || t.IsCanceled) is { } failed)
            {
                await failed;
            }

            await FinishOrReportAsync(cancellationToken);
            if (_jobs.Count == 0)
            {
                nextPoll = DateTimeOffset.MinValue;
                continue;
            }

            // A few rows are resolved and marked in flight ahead of their turn, so storage latency stays off the pace.
            while (_prepared.Count < _prepareAhead && _lease.Comfortable() && TakeNext(order, now) is { } next)
            {
                _prepared.Enqueue(new Prepared(next.Run, next.Row, _rows.PrepareAsync(next.Run, next.Row)));
            }

            if (!_prepared.TryPeek(out var item))
            {
                await WaitForChangeAsync(cancellationToken);
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

            if (!_lease.Comfortable())
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

    /// <summary>Takes up the tenant's active jobs this run does not carry yet; their rows are read in the background and sent as they come.</summary>
    private async Task<List<JobRun>> TakeUpNewJobsAsync(CancellationToken cancellationToken)
    {
        var added = new List<JobRun>();
        var fresh = (await store.ListActiveAsync(cancellationToken, tenantId))
            .Where(j => j.TenantId == tenantId && !_jobs.ContainsKey(j.JobId) && !IsFinishing(j.JobId))
            .ToList();

        // Read a few at a time: a burst of one-message jobs (welcomes on install) must not hold the loop for a read each.
        var read = new SendJob?[fresh.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, fresh.Count), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = cancellationToken }, async (i, ct) =>
            read[i] = await store.GetAsync(tenantId, fresh[i].JobId, ct));
        for (var i = 0; i < read.Length; i++)
        {
            var job = read[i];
            if (job is null && fresh[i].ListedAt + SendJobStore.StaleCreation < time.GetUtcNow())
            {
                // A one-message job is listed while its rows are written: a line whose job never came is dropped.
                await store.UnlistAsync(tenantId, fresh[i].JobId, cancellationToken);
            }

            if ((job is { State: JobStates.Creating } stale && stale.CreatedAt + SendJobStore.StaleCreation < time.GetUtcNow())
                || job is { State: JobStates.Done })
            {
                // A creation that died half-way, or a line listed again for a job already done (a redelivered install).
                await store.UnlistAsync(tenantId, job.JobId, cancellationToken);
            }

            if (job is not { State: JobStates.Ready })
            {
                continue;
            }

            var jobId = job.JobId;
            var run = new JobRun(job, time.GetUtcNow(), Changed);
            _jobs[jobId] = run;
            added.Add(run);
            _loads.RemoveAll(t => t.IsCompletedSuccessfully);
            _loads.Add(_loader.LoadAsync(run, cancellationToken));
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
                // Finished off the loop, so a burst of small jobs finishing does not hold up the next sends; a job is not
                // taken up again while its finish is being written.
                _jobs.Remove(run.Job.JobId);
                lock (_finishing)
                {
                    _finishing.RemoveAll(f => f.Task.IsCompleted);
                    _finishing.Add((run.Job.JobId, FinishAsync(run)));
                }
            }
            else if (run.Job.Total > 1 && now >= run.NextProgress && run.ProgressTask.IsCompleted && run.MayReport)
            {
                run.NextProgress = now + settings.ProgressInterval;
                run.ProgressTask = ReportAsync(run, cancellationToken);
            }
        }
    }

    /// <summary>Writes a finished job's final report and counts, takes it off the active index, and counts its failures for the tenant's admins.</summary>
    /// <remarks>
    /// Runs to its end even when stopping (the hand-over waits for it). The failures are counted before the job is marked
    /// done, so a failure in between counts them twice (the next holder finishes the job again), never not at all. A storage
    /// failure leaves the job active: the next poll, here or elsewhere, reads its rows and finishes it.
    /// </remarks>
    private async Task FinishAsync(JobRun run)
    {
        await Task.Yield();
        try
        {
            await run.ProgressTask;
            var counts = run.Counts;
            await progress.ReportAsync(run, _pacer, final: true, CancellationToken.None);
            if (counts.Failed > 0)
            {
                Log.MessagesFailed(logger, run.Job.JobId, run.Job.Label, counts.Failed);
                await store.AddFailuresAsync(tenantId, run.Job.Label, counts.Failed, CancellationToken.None);
            }

            await store.FinishAsync(tenantId, run.Job.JobId, counts, CancellationToken.None);
            Log.JobDone(logger, run.Job.JobId, counts.Sent, counts.Unreachable, counts.Failed, counts.Uncertain);
        }
        catch (TableStorageException ex)
        {
            Log.StorageFailed(logger, ex.Status, ex.ErrorCode);
        }
    }

    private bool IsFinishing(string jobId)
    {
        lock (_finishing)
        {
            return _finishing.Exists(f => f.JobId == jobId && !f.Task.IsCompleted);
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

    /// <summary>Posts one prepared row and frees its request slot when its outcome is written.</summary>
    private async Task PostAsync(JobRun run, RecipientRow row, ConversationReference reference, SendSlot slot)
    {
        try
        {
            await _rows.PostAsync(run, row, reference, slot);
        }
        finally
        {
            _slots.Release();
        }
    }

    private void Changed() => Volatile.Read(ref _changed).TrySetResult();

    /// <summary>Waits until a job's rows change or <see cref="Idle"/> passes; the loop looks again afterwards, so a change while it looked is not missed.</summary>
    private async Task WaitForChangeAsync(CancellationToken cancellationToken)
    {
        var changed = Volatile.Read(ref _changed);
        await Task.WhenAny(changed.Task, Task.Delay(Idle, time, cancellationToken));
        Interlocked.CompareExchange(ref _changed, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously), changed);
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
                await _rows.UnprepareAsync(item.Run, item.Row);
            }
        }
    }

    /// <summary>Waits for the readers of rows to stop (the run is cancelled by now); a failed one was logged where it ended the run.</summary>
    private async Task StopLoadingAsync()
    {
        foreach (var load in _loads)
        {
            await load.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);
        }
    }

    private async Task HandOverAsync()
    {
        foreach (var run in _jobs.Values)
        {
            try
            {
                await run.ProgressTask.ContinueWith(static _ => { }, CancellationToken.None, TaskContinuationOptions.None, TaskScheduler.Default);

                // Counts of a job not fully read yet may be below the job row's: the next holder counts its rows again.
                if (run.MayReport)
                {
                    await store.SaveProgressAsync(tenantId, run.Job.JobId, run.Counts, run.ProgressActivityId, CancellationToken.None);
                }
            }
            catch (TableStorageException ex)
            {
                Log.StorageFailed(logger, ex.Status, ex.ErrorCode);
            }
        }

        await _lease.HandOverAsync(_pacer.ClearAt);
    }

    private sealed record Prepared(JobRun Run, RecipientRow Row, Task<ConversationReference?> Reference);
}
