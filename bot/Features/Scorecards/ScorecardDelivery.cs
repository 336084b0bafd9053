using System.Globalization;
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
/// channel, week and scope), with the figures kept when the week's first card was posted. A Monday missed while every instance
/// was down is caught up at the next look. A channel never gets a week that was over before it subscribed: its first card is
/// the week it subscribed in, so far. A channel CxBot cannot reach yet (no conversation stored) keeps its card waiting, tells
/// the admins, and gets it at the first look after CxBot can reach it. Between Mondays it keeps the current and previous
/// week's rollups fresh, one instance at a time (a lease).
/// </summary>
internal sealed class ScorecardDelivery(
    ScorecardService scorecards,
    ScorecardClaims claims,
    ISetupIndex setupIndex,
    IProactiveSender sender,
    CardTemplates cards,
    ScorecardMetrics metrics,
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
        foreach (var tenantId in await setupIndex.TenantsWithLeadershipAsync(cancellationToken))
        {
            try
            {
                var here = await PostTenantAsync(tenantId, cancellationToken);
                metrics.Delivery(ok: true, here);
                posted += here;
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                // One tenant's failure never stops the others; its claims expire or were released, so the next look retries.
                metrics.Delivery(ok: false, 0);
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
        var zone = ScorecardWeek.Zone(setup.Organisation?.TimeZone);
        var due = DueWeek(now, zone, o.PostAt);
        var thisWeek = ScorecardWeek.MondayOf(now, zone);
        var pending = new List<Post>();
        foreach (var channel in setup.Leadership)
        {
            var since = channel.Since ?? await claims.FirstSeenAsync(tenantId, channel.ChannelId, now, cancellationToken);
            var (monday, soFar) = ScorecardWeek.Bounds(due, zone).End > since ? (due, false)
                : ScorecardWeek.MondayOf(since, zone) == thisWeek ? (thisWeek, true)
                : (default(DateOnly?), false);
            if (monday is not { } week)
            {
                continue;
            }

            var done = await claims.PostedAsync(tenantId, channel.ChannelId, week, cancellationToken);
            foreach (var scope in ScorecardService.ScopesFor(setup, channel))
            {
                var key = ScorecardClaims.Key(channel.ChannelId, week, soFar ? ScorecardClaims.SoFar + scope.Id : scope.Id);
                if (!done.Contains(key))
                {
                    pending.Add(new Post(channel, scope, week, soFar, key));
                }
            }
        }

        var posted = 0;
        var figures = new Dictionary<(DateOnly, bool), IReadOnlyList<TeamWeek>>();
        foreach (var post in pending)
        {
            now = time.GetUtcNow();
            if (await claims.TryClaimAsync(tenantId, post.Key, InstanceId, now, now + o.ClaimFor, cancellationToken) is not { } claim)
            {
                continue;
            }

            try
            {
                if (!figures.TryGetValue((post.Monday, post.SoFar), out var week))
                {
                    // A week that is over is posted with the figures its first card showed; the week so far, as it stands now.
                    figures[(post.Monday, post.SoFar)] = week = post.SoFar
                        ? await scorecards.RollupAsync(tenantId, setup, [post.Monday], cancellationToken)
                        : await scorecards.PostedAsync(tenantId, setup, post.Monday, cancellationToken);
                }

                var asOf = post.SoFar ? ScorecardWeek.AsOfText(now, zone) : null;
                var data = await scorecards.BuildAsync(tenantId, setup, post.Scope, post.Monday, asOf, cancellationToken, week);
                var activity = new Activity { Type = ActivityTypes.Message, Summary = $"{data.Title} · {data.Period}: {data.Summary}" }.WithCard(cards.Bind(ScorecardNames.Template, data));
                var result = await sender.SendProactiveAsync(ProactiveTarget.Conversation(tenantId, post.Channel.ChannelId), activity, cancellationToken);
                if (result.Outcome == ProactiveOutcome.NoReference)
                {
                    // CxBot has no conversation there yet: the card waits (admins are told) and goes at the first look after it has one.
                    Log.NotPosted(logger, result.Outcome.ToString());
                    await claims.WaitAsync(tenantId, post.Key, claim, post.Channel.Name, now, cancellationToken);
                    continue;
                }

                if (result.Outcome != ProactiveOutcome.Sent)
                {
                    // Uninstalled or blocked there: retrying every minute would not help; recorded as done with no activity.
                    Log.NotPosted(logger, result.Outcome.ToString());
                }

                await claims.MarkPostedAsync(tenantId, post.Key, claim, result.ActivityId, time.GetUtcNow(), cancellationToken);
                posted++;
            }
            catch (Exception) when (!cancellationToken.IsCancellationRequested)
            {
                await claims.ReleaseAsync(tenantId, post.Key, claim, CancellationToken.None);
                throw;
            }
        }

        if (posted > 0)
        {
            Log.Posted(logger, posted, ScorecardWeek.Label(due));
        }

        return posted;
    }

    /// <summary>One card to post: where, what, which week, whether the week is still running, and its claim's key.</summary>
    private sealed record Post(LeadershipChannel Channel, ScorecardScope Scope, DateOnly Monday, bool SoFar, string Key);

    /// <summary>
    /// Every <see cref="ScorecardOptions.RollupEvery"/>, one instance rolls up the current and previous week of every tenant
    /// again, and any older week whose incidents changed since the last refresh (an incident resolved late), back to
    /// <see cref="ScorecardOptions.TrendWeeks"/> and the incident age limit: so the stored rollups stay true.
    /// </summary>
    private async Task RefreshRollupsAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (await _lease.TryTakeAsync(RollupLease, InstanceId, now, now + options.Value.RollupEvery, cancellationToken) is null)
        {
            return;
        }

        // Held until it expires on purpose: the next refresh is due when it does, on whichever instance comes first.
        var ok = false;
        try
        {
            await RefreshTenantsAsync(now, cancellationToken);
            ok = true;
        }
        finally
        {
            metrics.Rollup(ok);
        }
    }

    private async Task RefreshTenantsAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var tenantId in await setupIndex.TenantsWithLeadershipAsync(cancellationToken))
        {
            var setup = await scorecards.Setup.GetAsync(tenantId, cancellationToken);
            var monday = scorecards.CurrentMonday(setup);
            var since = await claims.RefreshedAsync(tenantId, cancellationToken) ?? now - options.Value.RollupEvery;
            var older = await scorecards.ChangedWeeksAsync(tenantId, setup, monday.AddDays(-7 * Math.Max(options.Value.TrendWeeks, OldestChanged)), monday.AddDays(-14), since, cancellationToken);
            await scorecards.RollupAsync(tenantId, setup, [.. older, monday.AddDays(-7), monday], cancellationToken);
            await claims.MarkRefreshedAsync(tenantId, now, cancellationToken);
        }
    }

    /// <summary>How many weeks back a late change to an incident is rolled up again (incidents older than that are rarely worked on).</summary>
    public const int OldestChanged = 13;
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
