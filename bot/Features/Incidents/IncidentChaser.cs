using CxBot.Features.Setup;
using CxBot.Hosting;
using CxBot.Protocol;
using CxBot.Protocol.References;
using Microsoft.Extensions.Options;

namespace CxBot.Features.Incidents;

/// <summary>
/// Chases incidents past their due time (not acknowledged, or not resolved) with their owner, or the people who triage
/// them while nobody owns them: at most once per <see cref="IncidentOptions.ChasePeriod"/> each, by one instance at a time.
/// </summary>
internal sealed class IncidentChaser(
    IncidentStore store,
    IncidentLease lease,
    SetupService setup,
    IIncidentRouting routing,
    IProactiveSender sender,
    IOptions<IncidentOptions> options,
    TimeProvider time,
    ILogger<IncidentChaser> logger)
{
    public const string LeaseName = "chase";

    /// <summary>This instance's name on the lease.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>One pass: returns how many incidents were chased (0 when another instance holds the lease).</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var period = options.Value.ChasePeriod;
        if (!await lease.TryTakeAsync(LeaseName, InstanceId, now, now + period, cancellationToken))
        {
            Log.LeaseHeldElsewhere(logger);
            return 0;
        }

        var open = await store.OpenEverywhereAsync(cancellationToken);
        var chased = 0;
        foreach (var pointer in open.Where(p => IsOverdue(p, now) && (p.ChasedAt is not { } last || now - last >= period)))
        {
            // Claim first (ETag): if anyone else marked it meanwhile, it is theirs to send. One failure never stops the pass.
            try
            {
                if (await store.MarkChasedAsync(pointer, now, cancellationToken) && await ChaseAsync(pointer, now, cancellationToken))
                {
                    chased++;
                }
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                Log.ChaseFailed(logger, e);
            }
        }

        Log.Chased(logger, chased, open.Count);
        return chased;
    }

    public static bool IsOverdue(OpenPointer p, DateTimeOffset now) => (p.Status == IncidentStatus.New && now > p.AcknowledgeBy) || now > p.ResolveBy;

    private async Task<bool> ChaseAsync(OpenPointer pointer, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (await store.GetAsync(pointer.PartitionKey, pointer.Reference, cancellationToken) is not { } stored || stored.Incident.IsClosed)
        {
            return false;
        }

        var incident = stored.Incident;
        var tenantSetup = await setup.GetAsync(incident.TenantId, cancellationToken);
        IReadOnlyList<string> people = incident.OwnerId is { } owner ? [owner]
            : tenantSetup.FindTeam(incident.TeamId) is { } team ? await routing.ApproversAsync(incident.TenantId, tenantSetup, team, incident.ReporterId, cancellationToken) : [];
        var late = incident.Status == IncidentStatus.New && now > incident.AcknowledgeBy ? "has not been acknowledged" : "has not been resolved";
        var text = $"Reminder: incident {incident.Reference} ({IncidentLabels.Name(incident.Severity).ToLowerInvariant()} severity, {incident.TeamName}) {late} and is overdue. Type \"team incidents\" to see it.";
        var summary = $"Incident {incident.Reference} at {incident.TeamName} {late} and is overdue";
        var sent = false;
        foreach (var person in people)
        {
            var result = await sender.SendProactiveAsync(ProactiveTarget.User(incident.TenantId, person), new Activity { Type = ActivityTypes.Message, Text = text, Summary = summary }, cancellationToken);
            sent |= result.Outcome == ProactiveOutcome.Sent;
        }

        return sent;
    }
}

/// <summary>Runs the chaser on the injected clock, a few times per period so an incident is chased soon after it falls due.</summary>
internal sealed class IncidentChaseLoop(IncidentChaser chaser, IOptions<IncidentOptions> options, TimeProvider time, ILogger<IncidentChaseLoop> logger)
    : PeriodicService(time)
{
    protected override TimeSpan Every => options.Value.ChasePeriod / 4;

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => chaser.RunOnceAsync(cancellationToken);

    protected override void OnFailed(Exception exception) => Log.ChaseFailed(logger, exception);
}
