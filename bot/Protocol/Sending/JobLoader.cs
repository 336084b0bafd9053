using CxBot.Storage;

namespace CxBot.Protocol.Sending;

/// <summary>
/// Reads a job's recipient rows into its <see cref="JobRun"/> as the pages come, so the run sends the first rows while
/// it reads the rest. A row found in flight from another instance had an unknown outcome: it is flagged uncertain and
/// sent again, or failed (per <see cref="SendingOptions.ResendUnknownOutcome"/>).
/// </summary>
internal sealed class JobLoader(string tenantId, SendJobStore store, SendingOptions settings, ILogger logger)
{
    public async Task LoadAsync(JobRun run, CancellationToken cancellationToken)
    {
        int pending = 0, takenOver = 0;
        await foreach (var row in store.ListRecipientsAsync(tenantId, run.Job.JobId, cancellationToken, run.Job.Total))
        {
            if (row.State == RowStates.InFlight && row.Instance != settings.Instance)
            {
                // Marked before a request whose answer was never recorded: it may have been delivered.
                takenOver++;
                row.Uncertain = true;
                if (!settings.ResendUnknownOutcome)
                {
                    row.State = RowStates.Failed;
                    await store.TryUpdateAsync(row, new TableEntity { ["State"] = RowStates.Failed, ["Reason"] = SendReasons.OutcomeUnknown, ["Uncertain"] = true }, cancellationToken);
                }
            }

            pending += run.Add(row) ? 1 : 0;
        }

        run.Loaded();
        Log.JobTakenUp(logger, run.Job.JobId, pending, takenOver);
    }
}
