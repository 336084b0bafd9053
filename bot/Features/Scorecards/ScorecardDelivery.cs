using CxBot.Cards;
using CxBot.Features.Setup;
using CxBot.Hosting;
using CxBot.Protocol;
using CxBot.Protocol.References;
using CxBot.Storage;
using Microsoft.Extensions.Options;

namespace CxBot.Features.Scorecards;

/// <summary>
/// Posts the weekly scorecards: on Monday at <see cref="ScorecardOptions.PostAt"/> (organisation time) each leadership
/// channel gets the previous week's cards it subscribed to, each exactly once whatever the number of instances (a claim row per
/// channel, week and scope). A Monday missed while every instance was down is caught up at the next look. Between Mondays it
/// keeps the current and previous week's rollups fresh, one instance at a time (a lease).
/// </summary>
internal sealed class ScorecardDelivery(
    ScorecardService scorecards,
    ScorecardClaims claims,
    SetupStore setupStore,
    IProactiveSender sender,
    CardTemplates cards,
    IOptions<ScorecardOptions> options,
    TimeProvider time,
    ILogger<ScorecardDelivery> logger)
{
    public const string RollupLease = "rollup";

    private readonly TableLease _lease = new(scorecards.Store.Deliveries);

    /// <summary>This instance's name on claims and leases.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>The Monday of the week whose scorecards are due at <paramref name="now"/>: the last week whose posting slot has passed.</summary>
    public static DateOnly DueWeek(DateTimeOffset now, TimeZoneInfo zone, TimeSpan postAt)
    {
        var monday = ScorecardWeek.MondayOf(now, zone);
        var local = TimeZoneInfo.ConvertTime(now, zone).DateTime;
        var slot = monday.ToDateTime(TimeOnly.FromTimeSpan(postAt));
        return local >= slot ? monday.AddDays(-7) : monday.AddDays(-14);
    }

    /// <summary>One look: posts what is due and not yet posted; returns how many cards this instance posted.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var posted = 0;
        foreach (var tenantId in await setupStore.TenantsWithLeadershipAsync(cancellationToken))
        {
            try
            {
                posted += await PostTenantAsync(tenantId, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // One tenant's failure never stops the others; its claims expire or were released, so the next look retries.
                Log.DeliveryFailed(logger, e);
            }
        }

        await RefreshRollupsAsync(cancellationToken);
        return posted;
    }

    private async Task<int> PostTenantAsync(string tenantId, CancellationToken cancellationToken)
    {
        var setup = await scorecards.Setup.GetAsync(tenantId, cancellationToken);
        var o = options.Value;
        var now = time.GetUtcNow();
        var monday = DueWeek(now, ScorecardWeek.Zone(setup.Organisation?.TimeZone), o.PostAt);
        var pending = new List<(LeadershipChannel Channel, ScorecardScope Scope, string Key)>();
        foreach (var channel in setup.Leadership)
        {
            var done = await claims.PostedAsync(tenantId, channel.ChannelId, monday, cancellationToken);
            foreach (var scope in ScorecardService.ScopesFor(setup, channel))
            {
                var key = ScorecardClaims.Key(channel.ChannelId, monday, scope.Id);
                if (!done.Contains(key))
                {
                    pending.Add((channel, scope, key));
                }
            }
        }

        if (pending.Count == 0)
        {
            return 0;
        }

        // The week is over: roll it up once more (idempotent) so late changes are in, then post from the rollups.
        await scorecards.RollupAsync(tenantId, setup, monday, cancellationToken);
        var posted = 0;
        foreach (var (channel, scope, key) in pending)
        {
            now = time.GetUtcNow();
            if (await claims.TryClaimAsync(tenantId, key, InstanceId, now, now + o.ClaimFor, cancellationToken) is not { } claim)
            {
                continue;
            }

            try
            {
                var data = await scorecards.BuildAsync(tenantId, setup, scope, monday, null, cancellationToken);
                var activity = new Activity { Type = ActivityTypes.Message, Summary = $"{data.Title} · {data.Period}: {data.Summary}" }.WithCard(cards.Bind(ScorecardNames.Template, data));
                var result = await sender.SendProactiveAsync(ProactiveTarget.Conversation(tenantId, channel.ChannelId), activity, cancellationToken);
                if (result.Outcome != ProactiveOutcome.Sent)
                {
                    // Not installed there or blocked: retrying every minute would not help; recorded as done with no activity.
                    Log.NotPosted(logger, result.Outcome.ToString());
                }

                await claims.MarkPostedAsync(tenantId, key, claim, result.ActivityId, time.GetUtcNow(), cancellationToken);
                posted++;
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                await claims.ReleaseAsync(tenantId, key, claim, CancellationToken.None);
                throw;
            }
        }

        Log.Posted(logger, posted, ScorecardWeek.Label(monday));
        return posted;
    }

    /// <summary>Every <see cref="ScorecardOptions.RollupEvery"/>, one instance recomputes the current and previous week of every tenant.</summary>
    private async Task RefreshRollupsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (await _lease.TryTakeAsync(RollupLease, InstanceId, now, now + options.Value.RollupEvery, cancellationToken) is null)
        {
            return;
        }

        // Held until it expires on purpose: the next refresh is due when it does, on whichever instance comes first.
        foreach (var tenantId in await setupStore.TenantsWithLeadershipAsync(cancellationToken))
        {
            var setup = await scorecards.Setup.GetAsync(tenantId, cancellationToken);
            var monday = scorecards.CurrentMonday(setup);
            await scorecards.RollupAsync(tenantId, setup, [monday.AddDays(-7), monday], cancellationToken);
        }
    }
}

/// <summary>Runs <see cref="ScorecardDelivery"/> every <see cref="ScorecardOptions.CheckEvery"/>, starting at once (a missed Monday is caught up on start).</summary>
internal sealed class ScorecardLoop(ScorecardDelivery delivery, IOptions<ScorecardOptions> options, TimeProvider time, ILogger<ScorecardLoop> logger)
    : PeriodicService(time)
{
    protected override TimeSpan Every => options.Value.CheckEvery;

    protected override bool RunAtStart => true;

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => delivery.RunOnceAsync(cancellationToken);

    protected override void OnFailed(Exception exception) => Log.DeliveryFailed(logger, exception);
}
