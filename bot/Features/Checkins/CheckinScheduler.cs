using System.Collections.Concurrent;
using CxBot.Features.People;
using CxBot.Features.Setup;
using CxBot.Hosting;
using CxBot.Protocol;
using CxBot.Protocol.References;
using CxBot.Protocol.Sending;
using Microsoft.Extensions.Options;

namespace CxBot.Features.Checkins;

/// <summary>
/// Sends each team's check-in once per local working day, at or after its shift end in its own time zone, and one reminder
/// to those who have not answered after the team's delay. Only the instance holding the lease runs a pass; each step is
/// idempotent (person-day rows, the day record and the send job's id), so a pass cut short is simply done again. A prompt
/// is only sent on the local day it is for: a bot down at shift end sends when it is back that day, not the next. Until the
/// send engine has settled a day's prompt and reminder, each pass also records their delivery (<see cref="CheckinDeliveries"/>).
/// </summary>
internal sealed class CheckinScheduler(
    CheckinTeams teams,
    CheckinStore store,
    CheckinSettingsStore settings,
    SetupService setup,
    IPeopleNames people,
    CheckinCards cards,
    ISendJobs jobs,
    CheckinDeliveries deliveries,
    IOptions<CheckinOptions> options,
    TimeProvider time,
    ILogger<CheckinScheduler> logger)
{
    public const string LeaseName = "checkins";
    public const string ReminderStage = "reminder";

    /// <summary>When each team-day next needs a look (MaxValue: done); saves reads, storage stays the truth.</summary>
    private readonly ConcurrentDictionary<string, DateTimeOffset> _next = new(StringComparer.Ordinal);

    /// <summary>This instance's name on the lease.</summary>
    public string InstanceId { get; } = Guid.NewGuid().ToString("N");

    /// <summary>One pass: returns how many send jobs it created (prompts and reminders; 0 when another instance holds the lease).</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var o = options.Value;
        if (await settings.Lease.TryTakeAsync(LeaseName, InstanceId, now, now + (o.Tick * 3), cancellationToken) is null)
        {
            return 0;
        }

        Prune(now);
        var created = 0;
        foreach (var tenantTeam in await teams.AllAsync(o.TeamsRefresh, cancellationToken))
        {
            try
            {
                created += await RunTeamAsync(tenantTeam, now, cancellationToken);
            }
            catch (Exception e) when (!cancellationToken.IsCancellationRequested)
            {
                Log.TeamFailed(logger, e);
            }
        }

        return created;
    }

    private async Task<int> RunTeamAsync(TenantTeam tenantTeam, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var zone = CheckinSchedule.Zone(tenantTeam.Team.TimeZone);
        var today = CheckinSchedule.LocalDate(zone, now);
        var created = 0;

        // Yesterday too: its reminder may fall due after midnight.
        foreach (var date in new[] { today.AddDays(-1), today })
        {
            var shiftEnd = CheckinSchedule.At(zone, date, tenantTeam.Team.ShiftEnd);
            var key = $"{tenantTeam.TenantId}|{tenantTeam.Team.Id}|{CheckinKeys.Date(date)}";
            if (shiftEnd > now || (_next.TryGetValue(key, out var next) && next > now))
            {
                continue;
            }

            var (jobsCreated, nextLook) = await RunDayAsync(tenantTeam, zone, date, date == today, shiftEnd, now, cancellationToken);
            created += jobsCreated;
            _next[key] = nextLook;
        }

        return created;
    }

    /// <summary>
    /// Prompts or reminds for one team-day whose shift has ended, and records the delivery of what was sent; returns the
    /// jobs created and when to look again (the next pass while deliveries are still being settled).
    /// </summary>
    private async Task<(int Created, DateTimeOffset Next)> RunDayAsync(TenantTeam t, TimeZoneInfo zone, DateOnly date, bool isToday, DateTimeOffset shiftEnd, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var (created, next, day) = await ScheduleDayAsync(t, zone, date, isToday, shiftEnd, now, cancellationToken);
        if (day is not null && !await deliveries.RecordAsync(t.TenantId, t.Team.Id, day, now, cancellationToken))
        {
            next = now;
        }

        return (created, next);
    }

    /// <summary>Prompts or reminds for one team-day whose shift has ended; returns the jobs created, when to look again, and the day's record as it now stands.</summary>
    private async Task<(int Created, DateTimeOffset Next, CheckinDay? Day)> ScheduleDayAsync(TenantTeam t, TimeZoneInfo zone, DateOnly date, bool isToday, DateTimeOffset shiftEnd, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var o = options.Value;
        var day = await store.GetDayAsync(t.TenantId, t.Team.Id, date, cancellationToken);
        if (day is null)
        {
            if (!isToday)
            {
                return (0, DateTimeOffset.MaxValue, null); // a missed day is not sent late
            }

            var teamSettings = await settings.GetTeamAsync(t.TenantId, t.Team.Id, TeamCheckinSettings.Default(o.DefaultReminderDelay), cancellationToken);
            if (!teamSettings.Enabled || !teamSettings.Days.Contains(date.DayOfWeek))
            {
                return (0, now + o.TeamsRefresh + o.Tick, null); // settings may still change today
            }

            day = await PromptAsync(t, zone, date, shiftEnd, teamSettings, now, cancellationToken);
            return (day is null ? 0 : 1, day?.ReminderDue ?? DateTimeOffset.MaxValue, day);
        }

        if (day.ReminderDue is not { } due || day.RemindedAt is not null)
        {
            return (0, DateTimeOffset.MaxValue, day);
        }

        if (now < due)
        {
            return (0, due, day);
        }

        if (now - due > o.ReminderCutoff)
        {
            Log.ReminderDropped(logger);
            await store.MarkRemindedAsync(t.TenantId, t.Team.Id, date, now, cancellationToken);
            return (0, DateTimeOffset.MaxValue, day with { RemindedAt = now });
        }

        var reminded = await RemindAsync(t, zone, date, now, cancellationToken);
        await store.MarkRemindedAsync(t.TenantId, t.Team.Id, date, now, cancellationToken);
        return (reminded ? 1 : 0, DateTimeOffset.MaxValue, day with { RemindedAt = now });
    }

    private async Task<CheckinDay?> PromptAsync(TenantTeam t, TimeZoneInfo zone, DateOnly date, DateTimeOffset shiftEnd, TeamCheckinSettings teamSettings, DateTimeOffset now, CancellationToken cancellationToken)
    {
        // Fresh setup: members, roles and standards as they are now, not as the cached team list had them.
        var tenantSetup = await setup.GetAsync(t.TenantId, cancellationToken);
        if (tenantSetup.FindTeam(t.Team.Id) is not { } team)
        {
            return null;
        }

        var preferences = await settings.GetPeopleAsync(t.TenantId, cancellationToken);
        var localNow = CheckinSchedule.LocalTime(zone, now);
        var frontLine = await FrontLineAsync(t.TenantId, team, cancellationToken);
        var recipients = frontLine
            .Where(id => (preferences.GetValueOrDefault(id) ?? PersonPreferences.None).Allows(date, localNow))
            .ToList();
        var reminderDue = teamSettings.ReminderDelay > TimeSpan.Zero ? shiftEnd + teamSettings.ReminderDelay : (DateTimeOffset?)null;
        if (recipients.Count > 0)
        {
            await store.RecordPromptedAsync(t.TenantId, team.Id, date, recipients, now, cancellationToken);
            var card = cards.Prompt(tenantSetup, team, date, reminder: false);
            await jobs.CreateAsync(Job(t.TenantId, team, date, null, card, recipients), cancellationToken);
        }

        var day = new CheckinDay(date, now, recipients.Count, recipients.Count > 0 ? reminderDue : null, null);
        await store.SaveDayAsync(t.TenantId, team.Id, day, cancellationToken);
        Log.Prompted(logger, recipients.Count, frontLine.Count);
        return day;
    }

    /// <summary>
    /// The team's front-line people: the members setup lists as front-line, and everyone in its Teams team's roster whom setup
    /// does not name a manager, so people who were in the team before CxBot joined it, or who never opened it, are prompted too.
    /// </summary>
    private async Task<IReadOnlyList<string>> FrontLineAsync(string tenantId, TeamSetup team, CancellationToken cancellationToken)
    {
        var managers = team.Managers.Select(AadObjectIds.Normalise).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var roster = team.TeamsTeamId is { } teamsId ? await people.GetTeamMembersAsync(tenantId, teamsId, cancellationToken) : [];
        return [.. team.Members.Where(m => m.Role == TeamRole.FrontLine).Select(m => AadObjectIds.Normalise(m.UserId))
            .Concat(roster.Select(p => p.AadObjectId))
            .Where(id => !managers.Contains(id))
            .Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    private async Task<bool> RemindAsync(TenantTeam t, TimeZoneInfo zone, DateOnly date, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var tenantSetup = await setup.GetAsync(t.TenantId, cancellationToken);
        if (tenantSetup.FindTeam(t.Team.Id) is not { } team)
        {
            return false;
        }

        var people = await settings.GetPeopleAsync(t.TenantId, cancellationToken);
        var localNow = CheckinSchedule.LocalTime(zone, now);
        var unanswered = (await store.UnansweredAsync(t.TenantId, team.Id, date, cancellationToken))
            .Where(u => (people.GetValueOrDefault(u) ?? PersonPreferences.None).Allows(date, localNow))
            .ToList();
        Log.Reminded(logger, unanswered.Count);
        if (unanswered.Count == 0)
        {
            return false;
        }

        var card = cards.Prompt(tenantSetup, team, date, reminder: true);
        await jobs.CreateAsync(Job(t.TenantId, team, date, ReminderStage, card, unanswered), cancellationToken);
        return true;
    }

    private static SendJobRequest Job(string tenantId, TeamSetup team, DateOnly date, string? stage, System.Text.Json.Nodes.JsonObject card, IReadOnlyList<string> people) => new(
        tenantId,
        CheckinKeys.JobId(team.Id, date, stage),
        stage is null ? "Check-in" : "Check-in reminder",
        new Activity { Type = ActivityTypes.Message, Summary = CheckinCards.Summary(team, date, reminder: stage is not null) }.WithCard(card),
        [.. people.Select(u => ProactiveTarget.User(tenantId, u))]);

    private void Prune(DateTimeOffset now)
    {
        if (_next.Count < 10_000)
        {
            return;
        }

        foreach (var key in _next.Where(p => p.Value == DateTimeOffset.MaxValue || p.Value < now - TimeSpan.FromDays(2)).Select(p => p.Key).ToList())
        {
            _next.TryRemove(key, out _);
        }
    }
}

/// <summary>Runs the scheduler on the injected clock every <see cref="CheckinOptions.Tick"/>.</summary>
internal sealed class CheckinLoop(CheckinScheduler scheduler, IOptions<CheckinOptions> options, TimeProvider time, ILogger<CheckinLoop> logger)
    : PeriodicService(time)
{
    protected override TimeSpan Every => options.Value.Tick;

    protected override Task RunOnceAsync(CancellationToken cancellationToken) => scheduler.RunOnceAsync(cancellationToken);

    protected override void OnFailed(Exception exception) => Log.TeamFailed(logger, exception);
}
