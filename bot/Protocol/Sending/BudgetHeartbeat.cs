using Microsoft.Extensions.Options;

namespace CxBot.Protocol.Sending;

/// <summary>
/// Beats every <see cref="SendingOptions.BudgetBeatEvery"/>: each tenant this instance sends to renews its row in the
/// tenant's shared budget and takes its share (<see cref="TenantBudgets.BeatAsync(CancellationToken)"/>). A failed beat is
/// logged there; nothing but stopping ends it.
/// </summary>
internal sealed class BudgetHeartbeat(TenantBudgets budgets, IOptions<SendingOptions> options, TimeProvider time, ILogger<BudgetHeartbeat> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var every = options.Value.BudgetBeatEvery;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await Task.Delay(every, time, stoppingToken);
                await budgets.BeatAsync(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                // Thrown out of here it would stop the host: the next beat tries again.
                Log.BudgetBeatFailed(logger, ex.GetType().Name);
            }
        }
    }
}
