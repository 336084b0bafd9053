using CxBot.Protocol.Sending;

namespace CxBot.Features.Checkins;

/// <summary>
/// Records on the person-day rows how the send engine settled a team-day's prompt and reminder: delivered (Teams accepted
/// it into the person's chat) or not reached, with the reason. The engine's recipient rows are the durable truth; this reads
/// them on each scheduler pass until the job is done, and the store ignores an outcome it already has, so a pass cut
/// short, a second instance or an outcome read twice changes nothing.
/// </summary>
internal sealed class CheckinDeliveries(CheckinStore store, ISendJobs jobs, ILogger<CheckinDeliveries> logger)
{
    /// <summary>Records what is settled of the day's prompt and reminder; true when nothing is left to record for the day (as it stands).</summary>
    public async Task<bool> RecordAsync(string tenantId, string teamId, CheckinDay day, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (day.Prompted > 0 && day.DeliveryRecordedAt is null && !await RecordJobAsync(tenantId, teamId, day.Date, reminder: false, now, cancellationToken))
        {
            return false;
        }

        return day.RemindedAt is null || day.ReminderDeliveryRecordedAt is not null || await RecordJobAsync(tenantId, teamId, day.Date, reminder: true, now, cancellationToken);
    }

    /// <summary>Records the settled recipients of one job; true once the job is done and all of them are recorded (or there is no such job).</summary>
    private async Task<bool> RecordJobAsync(string tenantId, string teamId, DateOnly date, bool reminder, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var jobId = CheckinKeys.JobId(teamId, date, reminder ? CheckinScheduler.ReminderStage : null);
        var status = await jobs.GetAsync(tenantId, jobId, cancellationToken);
        if (status is not null)
        {
            var outcomes = new List<DeliveryOutcome>();
            await foreach (var recipient in jobs.ListRecipientsAsync(tenantId, jobId, cancellationToken))
            {
                switch (recipient.State)
                {
                    case RecipientState.Sent:
                        outcomes.Add(DeliveryOutcome.Delivered(recipient.Target.Id));
                        break;
                    case RecipientState.Unreachable or RecipientState.Failed when !reminder:
                        // A reminder that fails tells nothing new: the prompt's own outcome stands.
                        outcomes.Add(new DeliveryOutcome(recipient.Target.Id, NotReachedReasons.FromSend(recipient.Reason)));
                        break;
                    default:
                        break;
                }
            }

            if (outcomes.Count > 0)
            {
                var changed = await store.RecordDeliveryAsync(tenantId, teamId, date, outcomes, cancellationToken);
                if (changed > 0)
                {
                    Log.DeliveryRecorded(logger, changed, outcomes.Count(o => o.Reason is null), outcomes.Count(o => o.Reason is not null));
                }
            }

            if (!status.Done)
            {
                return false;
            }
        }

        await store.MarkDeliveryRecordedAsync(tenantId, teamId, date, reminder, now, cancellationToken);
        return true;
    }
}
