namespace CxBot.Hosting;

/// <summary>
/// A background loop on the injected clock: one pass every <see cref="Every"/> until the host stops. Only the host's stop ends
/// it; any other failure of a pass, a timeout's <see cref="OperationCanceledException"/> included, is reported and the next pass
/// runs on time. (A loop that let such an exception out would end, and the host would stop with it.)
/// </summary>
internal abstract class PeriodicService(TimeProvider time) : BackgroundService
{
    /// <summary>The time between passes.</summary>
    protected abstract TimeSpan Every { get; }

    /// <summary>True to run the first pass at once; false to wait <see cref="Every"/> first.</summary>
    protected virtual bool RunAtStart => false;

    /// <summary>One pass.</summary>
    protected abstract Task RunOnceAsync(CancellationToken cancellationToken);

    /// <summary>Reports a pass that failed; the loop goes on.</summary>
    protected abstract void OnFailed(Exception exception);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var wait = !RunAtStart;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (wait)
                {
                    await Task.Delay(Every, time, stoppingToken);
                }

                wait = true;
                await RunOnceAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                OnFailed(e);
            }
        }
    }
}
