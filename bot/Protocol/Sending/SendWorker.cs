using System.Collections.Concurrent;
using CxBot.Protocol.References;
using CxBot.Storage;

namespace CxBot.Protocol.Sending;

/// <summary>
/// The background sender on every instance: polls the small index of unfinished jobs, takes the send lease of each
/// tenant that has some (one instance per tenant at a time), and carries those tenants' jobs on until they are done.
/// On a graceful stop it finishes the requests in flight and releases the leases, so another instance takes over at
/// once; after a crash the leases expire within <see cref="SendingSettings.LeaseDuration"/>.
/// </summary>
internal sealed class SendWorker(
    SendJobStore store,
    IRecipientResolver resolver,
    SendingConnector connector,
    ConversationReferenceStore references,
    SendProgress progress,
    SendWakeup wakeup,
    SendingSettings settings,
    TimeProvider time,
    ILogger<SendWorker> logger) : BackgroundService
{
    private readonly ConcurrentDictionary<string, Task> _running = new(StringComparer.Ordinal);
    private readonly TableLease _leases = new(store.Leases);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!settings.RunWorker)
        {
            return;
        }

        await Task.Yield();
        while (!stoppingToken.IsCancellationRequested)
        {
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

            try
            {
                await wakeup.WaitAsync(settings.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }

        await Task.WhenAll(_running.Values);
    }

    private async Task PollAsync(CancellationToken stoppingToken)
    {
        var tenants = (await store.ListActiveAsync(stoppingToken)).Select(j => j.TenantId).Distinct(StringComparer.Ordinal);
        foreach (var tenantId in tenants)
        {
            if (_running.ContainsKey(tenantId))
            {
                continue;
            }

            var now = time.GetUtcNow();
            var name = "send|" + TableKeys.ToSafeKey(tenantId);
            if (await _leases.TryTakeAsync(name, settings.Instance, now, now + settings.LeaseDuration, stoppingToken) is not { } grant)
            {
                continue;
            }

            Log.LeaseTaken(logger, settings.Instance);
            var run = new TenantRun(tenantId, grant, _leases, store, resolver, connector, references, progress, settings, time, logger);
            // Registered before it starts, so its own clean-up cannot run first.
            var start = new Task<Task>(() => RunTenantAsync(tenantId, run, stoppingToken));
            _running[tenantId] = start.Unwrap();
            start.Start(TaskScheduler.Default);
        }
    }

    private async Task RunTenantAsync(string tenantId, TenantRun run, CancellationToken stoppingToken)
    {
        await Task.Yield();
        try
        {
            await run.RunAsync(stoppingToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The lease expires by itself; the next poll (here or elsewhere) takes the tenant up again.
            Log.RunFailed(logger, ex);
        }
        finally
        {
            _running.TryRemove(tenantId, out _);
            wakeup.Wake();
        }
    }
}
