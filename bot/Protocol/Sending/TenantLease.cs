using CxBot.Storage;

namespace CxBot.Protocol.Sending;

/// <summary>
/// A tenant's send lease while a run holds it: renewed every <see cref="SendingOptions.LeaseRenewEvery"/>, and on a
/// graceful stop kept only until the tenant's window is clear of this run's requests, so the next holder needs no quiet start.
/// </summary>
internal sealed class TenantLease(LeaseGrant grant, TableLease leases, SendMetrics metrics, SendingOptions settings, TimeProvider time, ILogger logger)
{
    private long _untilTicks = grant.Until.UtcTicks;
    private volatile bool _lost;

    /// <summary>True once a renewal found the lease taken by someone else.</summary>
    public bool Lost => _lost;

    /// <summary>True while the lease has more left than a request and the write after it can take.</summary>
    public bool Comfortable() => !_lost && new DateTimeOffset(Interlocked.Read(ref _untilTicks), TimeSpan.Zero) - time.GetUtcNow() > settings.AttemptTimeout + settings.StoreMargin;

    /// <summary>Renews until <paramref name="running"/> is cancelled; cancels it when the lease is lost.</summary>
    public async Task RenewAsync(CancellationTokenSource running)
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
                var renewed = await leases.TryTakeAsync(grant.Name, grant.Holder, now, now + settings.LeaseDuration, CancellationToken.None);
                if (renewed is null)
                {
                    _lost = true;
                    Log.LeaseLost(logger, settings.Instance);
                    metrics.Lease(LeaseChanges.Lost);
                    await running.CancelAsync();
                    return;
                }

                Interlocked.Exchange(ref _untilTicks, renewed.Until.UtcTicks);
            }
            catch (TableStorageException ex)
            {
                // Keep the old expiry: sends stop by themselves when it gets too close.
                Log.StorageFailed(logger, ex.Status, ex.ErrorCode);
            }
        }
    }

    /// <summary>Keeps the lease until <paramref name="clearAt"/> (or releases it when that has passed); nothing when it was lost.</summary>
    public async Task HandOverAsync(DateTimeOffset clearAt)
    {
        if (_lost)
        {
            return;
        }

        try
        {
            var now = time.GetUtcNow();
            if (clearAt > now)
            {
                await leases.TryTakeAsync(grant.Name, grant.Holder, now, clearAt, CancellationToken.None);
            }
            else
            {
                // Free from now (a lease that ends now, rather than a release that writes a date of 1970).
                await leases.TryTakeAsync(grant.Name, grant.Holder, now, now, CancellationToken.None);
            }

            Log.LeaseReleased(logger, settings.Instance);
            metrics.Lease(LeaseChanges.Released);
        }
        catch (TableStorageException ex)
        {
            Log.StorageFailed(logger, ex.Status, ex.ErrorCode);
        }
    }
}
