using System.Globalization;
using CxBot.Cards;
using CxBot.Protocol.Connector;
using CxBot.Protocol.References;
using Microsoft.Extensions.Options;

namespace CxBot.Protocol.Sending;

/// <summary>
/// The progress card of a job: posted to <see cref="SendJob.ProgressTo"/> when sending starts, updated in place
/// ("Sent 4,210 of 10,000 · 12 unreachable · ETA 2 min"), and a final summary. Each post takes a slot from the tenant's
/// pacer like any other request, after everything else is ready (so it leaves on time), through the engine's connector
/// without retries. A failure only skips that update.
/// </summary>
internal sealed class SendProgress(IRecipientResolver resolver, SendingConnector connector, CardTemplates cards, SendJobStore store, SendMetrics metrics, IOptions<SendingOptions> options, TimeProvider time, ILogger<SendProgress> logger)
{
    public const string Template = "sending/progress";

    private readonly SendingOptions _settings = options.Value;

    public async Task ReportAsync(JobRun run, SendPacer pacer, bool final, CancellationToken cancellationToken)
    {
        var counts = run.Counts;
        if (run.Job.ProgressTo is not { } to || (!final && counts == run.LastReported))
        {
            return;
        }

        try
        {
            if ((await resolver.ResolveAsync(to, cancellationToken)).Reference is not { } reference)
            {
                return;
            }

            var summary = $"{CardText.Clip(run.Job.Label, 100)}: {(final ? "sent" : "sending")} to {N(run.Job.Total)} {(run.Job.Total == 1 ? "person" : "people")}";
            var card = new Activity { Type = ActivityTypes.Message, Summary = summary }.WithCard(cards.Bind(Template, Data(run, counts, final)));
            var outgoing = ProactiveSender.Outgoing(reference, card, run.ProgressActivityId);
            var slot = await pacer.WaitAsync(reference.ServiceUrl + "|" + reference.ConversationId, cancellationToken);
            string? posted;
            try
            {
                posted = run.ProgressActivityId is { } id
                    ? (await connector.Client.UpdateActivityAsync(reference.ServiceUrl, reference.ConversationId, id, outgoing, cancellationToken)).Value?.Id
                    : (await connector.Client.SendToConversationAsync(reference.ServiceUrl, reference.ConversationId, outgoing, cancellationToken)).Value?.Id;
            }
            finally
            {
                pacer.Answered(slot);
            }

            if (run.ProgressActivityId is null && posted is not null)
            {
                run.ProgressActivityId = posted;
                await store.SaveProgressAsync(run.Job.TenantId, run.Job.JobId, counts, posted, cancellationToken);
            }

            run.LastReported = counts;
        }
        catch (ConnectorException ex) when (ex.Status == 429)
        {
            pacer.Throttled(ex.RetryAfter);
            metrics.Throttled(bulk: true);
            metrics.Paused();
            Log.ProgressFailed(logger, "429");
        }
        catch (Exception ex) when (ex is ConnectorException or ServiceUrlNotAllowedException or HttpRequestException or TaskCanceledException or CxBot.Storage.TableStorageException)
        {
            Log.ProgressFailed(logger, ex.GetType().Name);
        }
    }

    /// <summary>The card's data: the caller's label and numbers, nothing else.</summary>
    internal object Data(JobRun run, JobCounts counts, bool final)
    {
        var total = run.Job.Total;
        var line = $"Sent {N(counts.Sent)} of {N(total)} · {N(counts.Unreachable)} unreachable";
        if (counts.Failed > 0)
        {
            line += $" · {N(counts.Failed)} failed";
        }

        var elapsed = time.GetUtcNow() - run.Job.CreatedAt;
        if (final)
        {
            line += " · took " + Duration(elapsed);
        }
        else
        {
            var perSecond = run.SentHere / Math.Max(1, (time.GetUtcNow() - run.StartedAt).TotalSeconds);
            var rate = perSecond > 0.5 ? perSecond : _settings.TenantRequestsPerSecond;
            line += " · ETA " + Duration(TimeSpan.FromSeconds(run.PendingCount / rate));
        }

        return new
        {
            label = CardText.Clip(run.Job.Label, 100) ?? "",
            status = final ? "Finished" : "Sending…",
            line,
            note = counts.Uncertain > 0 ? $"{N(counts.Uncertain)} were sent again after an interrupted attempt and may have arrived twice." : null,
        };
    }

    private static string N(int value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Duration(TimeSpan span) => span.TotalSeconds < 60
        ? Math.Max(1, (int)Math.Ceiling(span.TotalSeconds)).ToString(CultureInfo.InvariantCulture) + " s"
        : span.TotalMinutes < 90
            ? ((int)Math.Round(span.TotalMinutes)).ToString(CultureInfo.InvariantCulture) + " min"
            : span.TotalHours.ToString("0.#", CultureInfo.InvariantCulture) + " h";
}
