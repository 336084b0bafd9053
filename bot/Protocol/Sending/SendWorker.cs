using System.Collections.Concurrent;
using CxBot.Protocol.References;
using CxBot.Storage;
using Microsoft.Extensions.Options;

namespace CxBot.Protocol.Sending;

/// <summary>
/// The background sender on every instance: polls the small index of unfinished jobs, takes the send lease of each
/// tenant that has some (one instance per tenant at a time), and carries those tenants' jobs on until they are done.
/// On a graceful stop it finishes the requests in flight and keeps each lease only until the tenant's last second of
/// requests is over, so another instance takes over within about a second and starts at once; after a crash the leases expire within <see cref="SendingOptions.LeaseDuration"/>. Nothing but stopping ends
/// it: a failed or timed-out poll (whatever the exception) is logged and the next one tries again.
/// </summary>
internal sealed class SendWorker(
    SendJobStore store,
    IRecipientResolver resolver,
    SendingConnector connector,
    ConversationReferenceStore references,
    SendProgress progress,
    SendWakeup wakeup,
    TenantBudgets budgets,
    SendMetrics metrics,
    IOptions<SendingOptions> options,
    TimeProvider time,
    ILogger<SendWorker> logger) : BackgroundService
{
    private static readonly TimeSpan Second = TimeSpan.FromSeconds(1);

    private readonly SendingOptions _settings = options.Value;

    /// <summary>The least time between two looks at the index of unfinished jobs, however often jobs are created.</summary>
    public static readonly TimeSpan MinPollGap = TimeSpan.FromMilliseconds(200);

    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);

    // When each tenant's one-second window is clear of this instance's last run there (a run taken up again here
    // must not start before).
    private readonly ConcurrentDictionary<string, DateTimeOffset> _clearAt = new(StringComparer.Ordinal);
    private readonly TableLease _leases = new(store.Leases);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_settings.RunWorker)
        {
            return;
        }

        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
            var polled = System.Diagnostics.Stopwatch.StartNew();
            try
            {
                await PollAsync(stoppingToken);
            }
            catch (TableStorageException ex)
            {
                Log.StorageFailed(logger, ex.Status, ex.ErrorCode);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // A timeout somewhere below, or any other failure of one poll, not a stop: thrown out of here it would end the
                // worker and stop the whole host. The next poll tries again.
                Log.PollFailed(logger, ex.GetType().Name);
            }

            try
            {
                await WaitForPollAsync(polled, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await Task.WhenAll(_running.Values);
    }

    /// <summary>
    /// Until the next poll is due: <see cref="SendingOptions.PollInterval"/> after the last, or sooner when a job is created
    /// here for a tenant this instance is not sending for, though not sooner than <see cref="MinPollGap"/> (in a burst of
    /// creations, welcomes as thousands install, each poll would read the whole index of unfinished jobs again).
    /// </summary>
    private async Task WaitForPollAsync(System.Diagnostics.Stopwatch polled, CancellationToken stoppingToken)
    {
        while (_settings.PollInterval - polled.Elapsed is { Ticks: > 0 } remaining)
        {
            if (!await wakeup.WaitAsync(remaining, stoppingToken))
            {
                return;
            }

            if (wakeup.TakeWoken().Any(t => t is null || !_running.ContainsKey(t)))
            {
                if (MinPollGap - polled.Elapsed is { Ticks: > 0 } rest)
                {
                    await Task.Delay(rest, stoppingToken);
                }

                return;
            }
        }
    }

    private async Task PollAsync(CancellationToken stoppingToken)
    {
        var active = await store.ListActiveAsync(stoppingToken);
        metrics.ActiveJobs(active.Count);
        var tenants = active.Select(j => j.TenantId).Distinct(StringComparer.Ordinal);
        foreach (var tenantId in tenants)
        {
            if (_running.ContainsKey(tenantId))
            {
                continue;
            }

            var now = time.GetUtcNow();
            var name = "send|" + TableKeys.ToSafeKey(tenantId);
            if (await _leases.TryTakeAsync(name, _settings.Instance, now, now + _settings.LeaseDuration, stoppingToken) is not { } grant)
            {
                continue;
            }

            Log.LeaseTaken(logger, _settings.Instance);
            metrics.Lease(LeaseChanges.Taken);
            var pacer = new SendPacer(new PacerLimits(_settings.TenantRequestsPerSecond, _settings.WindowMargin, QuietStart(tenantId, now), AwaitAnswers: true) { EstimateArrival = !_settings.StrictPacing }, time);
            var run = new TenantRun(tenantId, grant, pacer, _leases, store, resolver, connector, references, progress, wakeup, metrics, _settings, time, logger);
            // While it runs, its pacer is the tenant's budget for every request this instance makes there, at the share of the
            // tenant's limit the other instances sending there leave.
            await budgets.AttachAsync(tenantId, pacer, stoppingToken);
            // Registered before it starts, so its own clean-up cannot run first.
            var start = new Task<Task>(() => RunTenantAsync(tenantId, run, pacer, stoppingToken));
            _running[tenantId] = start.Unwrap();
            start.Start(TaskScheduler.Default);
        }
    }

    /// <summary>
    /// How long a new run waits before its first request. Another instance's requests are all over by the time its lease
    /// has passed (it starts none with less than <see cref="SendingOptions.StoreMargin"/> plus a request left, and keeps
    /// a handed-over lease until its window is clear), so only what StoreMargin does not cover of one window remains;
    /// this instance's own last run there is known exactly.
    /// </summary>
    private TimeSpan QuietStart(string tenantId, DateTimeOffset now)
    {
        var quiet = Second + _settings.WindowMargin - _settings.StoreMargin;
        if (_clearAt.TryGetValue(tenantId, out var clear) && clear - now > quiet)
        {
            quiet = clear - now;
        }

        return quiet > TimeSpan.Zero ? quiet : TimeSpan.Zero;
    }

    private async Task RunTenantAsync(string tenantId, TenantRun run, SendPacer pacer, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await run.RunAsync(stoppingToken);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the run handed over what it could.
        }
        catch (Exception ex)
        {
            // The lease expires by itself; the next poll (here or elsewhere) takes the tenant up again.
            Log.RunFailed(logger, ex);
        }
        finally
        {
            _clearAt[tenantId] = run.ClearAt;
            await budgets.DetachAsync(tenantId, pacer, run.ClearAt);
            _running.TryRemove(tenantId, out _);
            wakeup.Wake();
        }
    }
}
