using System.Globalization;
using CxBot.Features.Setup;
using CxBot.Protocol.Routing;
using Microsoft.Extensions.Options;

namespace CxBot.Features.Checkins;

/// <summary>
/// The check-in card's verbs: answering (and changing an answer), pausing, stopping and resuming, quiet hours, and a team's
/// settings for its managers and the admins. Identity comes from the activity; the team and day in the card data must match
/// a prompt that went to the caller, and every role is checked here.
/// </summary>
internal sealed class CheckinRoutes(
    CheckinStore store,
    CheckinSettingsStore settings,
    CheckinCards cards,
    SetupService setup,
    IOptions<CheckinOptions> options,
    TimeProvider time,
    ILogger<CheckinRoutes> logger) : IBotRoutes
{
    public const string UnknownCaller = "I can't tell who you are in this conversation, so I can't record a check-in here.";
    public const string NotYours = "This check-in wasn't sent to you, so nothing was saved.";
    public const string TooLate = "This check-in is closed now, so nothing was saved. Your next one comes at the end of your next shift.";
    public const string MaxPauseDays = "90";

    public void Map(BotRouteBuilder routes) => routes
        .OnVerb(CheckinNames.Answer, AnswerAsync)
        .OnVerb(CheckinNames.Edit, EditAsync)
        .OnVerb(CheckinNames.Pause, PauseAsync)
        .OnVerb(CheckinNames.Stop, t => ChangeAsync(t, (p, _) => (p with { Stopped = true, PausedUntil = null }, "Check-ins stopped. Resume here whenever you like.")))
        .OnVerb(CheckinNames.Resume, t => ChangeAsync(t, (p, _) => (p with { Stopped = false, PausedUntil = null }, "Check-ins are back on.")))
        .OnVerb(CheckinNames.SaveQuietHours, SaveQuietHoursAsync)
        .OnVerb(CheckinNames.ShowPreferences, PreferencesAsync)
        .OnCommand(CheckinNames.MyCommand, PreferencesAsync)
        .OnPhrase(CheckinNames.Phrase, PreferencesAsync)
        .OnVerb(CheckinNames.ShowTeamSettings, ShowTeamAsync)
        .OnVerb(CheckinNames.SaveTeamSettings, SaveTeamAsync);

    private async Task AnswerAsync(TurnContext turn)
    {
        if (await PromptOfAsync(turn) is not { } prompt)
        {
            return;
        }

        var (caller, tenantSetup, team, date, _) = prompt;

        var (values, error) = CheckinAnswers.Read(turn.CardData, tenantSetup, team, date);
        if (values is null)
        {
            Log.AnswerRefused(logger, "invalid");
            await turn.TellAsync(error ?? CheckinAnswers.NothingAnswered);
            return;
        }

        var at = time.GetUtcNow();
        if (!await store.AnswerAsync(caller.TenantId, team.Id, date, caller.UserId, values, at, turn.CancellationToken))
        {
            await turn.TellAsync(NotYours);
            return;
        }

        Log.Answered(logger, values.Count);
        await turn.ShowCardAsync(cards.Thanks(tenantSetup, team, new CheckinAnswer(team.Id, caller.UserId, date, at, values)));
    }

    private async Task EditAsync(TurnContext turn)
    {
        if (await PromptOfAsync(turn) is { } p)
        {
            await turn.ShowCardAsync(cards.Prompt(p.Setup, p.Team, p.Date, reminder: false, p.Answer.Values));
        }
    }

    /// <summary>The caller's prompt named by the card data, or null after telling them why not.</summary>
    private async Task<(Caller Caller, TenantSetup Setup, TeamSetup Team, DateOnly Date, CheckinAnswer Answer)?> PromptOfAsync(TurnContext turn)
    {
        if (Caller.Of(turn) is not { } caller)
        {
            await turn.TellAsync(UnknownCaller);
            return null;
        }

        var tenantSetup = await setup.GetRecentAsync(caller.TenantId, turn.CancellationToken);
        if (CardInput.Text(turn.CardData, "teamId", 300) is not { } teamId || CardInput.Date(turn.CardData, "date") is not { } date
            || tenantSetup.FindTeam(teamId) is not { } team
            || await store.GetAsync(caller.TenantId, team.Id, date, caller.UserId, turn.CancellationToken) is not { } answer)
        {
            Log.AnswerRefused(logger, "not prompted");
            await turn.TellAsync(NotYours);
            return null;
        }

        var today = CheckinSchedule.LocalDate(CheckinSchedule.Zone(team.TimeZone), time.GetUtcNow());
        if (date > today || today.DayNumber - date.DayNumber > options.Value.AnswerDays)
        {
            Log.AnswerRefused(logger, "closed");
            await turn.TellAsync(TooLate);
            return null;
        }

        return (caller, tenantSetup, team, date, answer);
    }

    private Task PreferencesAsync(TurnContext turn) => ChangeAsync(turn, (p, _) => (p, null));

    private Task PauseAsync(TurnContext turn) => ChangeAsync(turn, (p, today) =>
        CardInput.Date(turn.CardData, "until") is not { } until || until <= today || until.DayNumber - today.DayNumber > int.Parse(MaxPauseDays, CultureInfo.InvariantCulture)
            ? (null, $"Pick a date after today and within {MaxPauseDays} days to pause until.")
            : (p with { Stopped = false, PausedUntil = until }, $"Paused: your check-ins start again on {CheckinCards.DateText(until)}."));

    private Task SaveQuietHoursAsync(TurnContext turn) => ChangeAsync(turn, (p, _) =>
    {
        var from = CardInput.Time(turn.CardData, "quietFrom");
        var to = CardInput.Time(turn.CardData, "quietTo");
        return (from, to) switch
        {
            (null, null) => (p with { QuietFrom = null, QuietTo = null }, "Quiet hours cleared."),
            ({ } f, { } t) when f != t => (p with { QuietFrom = f, QuietTo = t }, $"Quiet hours saved: {f:HH\\:mm} to {t:HH\\:mm}."),
            _ => (null, "Give quiet hours a start and a different end, or clear both."),
        };
    });

    /// <summary>Applies <paramref name="change"/> to the caller's preferences (null: refused with its message) and shows them.</summary>
    private async Task ChangeAsync(TurnContext turn, Func<PersonPreferences, DateOnly, (PersonPreferences? Next, string? Notice)> change)
    {
        if (Caller.Of(turn) is not { } caller)
        {
            await turn.TellAsync(UnknownCaller);
            return;
        }

        var tenantSetup = await setup.GetRecentAsync(caller.TenantId, turn.CancellationToken);
        var before = await settings.GetPersonAsync(caller.TenantId, caller.UserId, turn.CancellationToken);
        var today = setup.Today(tenantSetup);
        var (next, notice) = change(before, today);
        if (next is null)
        {
            await turn.TellAsync(notice ?? "");
            return;
        }

        if (next != before)
        {
            await settings.SavePersonAsync(caller.TenantId, caller.UserId, next, turn.CancellationToken);
            Log.PreferencesChanged(logger, next.Stopped, next.PausedUntil is not null, next.QuietFrom is not null);
        }

        var managed = setup.Roles.ManagedTeams(tenantSetup, caller);
        await turn.ShowCardAsync(cards.Preferences(next, today, managed, notice));
    }

    private async Task ShowTeamAsync(TurnContext turn)
    {
        if (await ManagedTeamAsync(turn) is { } m)
        {
            await turn.ShowCardAsync(cards.Settings(m.Team, await settings.GetTeamAsync(m.Caller.TenantId, m.Team.Id, Defaults, turn.CancellationToken), null));
        }
    }

    private async Task SaveTeamAsync(TurnContext turn)
    {
        if (await ManagedTeamAsync(turn) is not { } managed)
        {
            return;
        }

        var (caller, team) = managed;

        var days = CardInput.List(turn.CardData, "days").Select(d => int.TryParse(d, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 6 ? (DayOfWeek?)n : null).ToList();
        var minutes = CardInput.Text(turn.CardData, "reminder", 10);
        if (days.Any(d => d is null) || CheckinCards.Delays.All(d => d.Value != minutes))
        {
            await turn.TellAsync("Pick working days from the list and a reminder time from its list. Nothing was saved.");
            return;
        }

        var next = new TeamCheckinSettings(CardInput.Flag(turn.CardData, "enabled"), [.. days.OfType<DayOfWeek>().Distinct().Order()], TimeSpan.FromMinutes(int.Parse(minutes!, CultureInfo.InvariantCulture)));
        if (next.Enabled && next.Days.Count == 0)
        {
            await turn.TellAsync("Pick at least one working day, or switch check-ins off. Nothing was saved.");
            return;
        }

        await settings.SaveTeamAsync(caller.TenantId, team.Id, next, caller.UserId, time.GetUtcNow(), turn.CancellationToken);
        Log.TeamSettingsChanged(logger, next.Enabled, next.Days.Count);
        await turn.ShowCardAsync(cards.Settings(team, next, "Saved. The changes apply from the next check-in."));
    }

    /// <summary>The team in the card data when the caller manages it (fresh setup: this grants a right), or null after telling them.</summary>
    private async Task<(Caller Caller, TeamSetup Team)?> ManagedTeamAsync(TurnContext turn)
    {
        if (Caller.Of(turn) is not { } caller)
        {
            await turn.TellAsync(UnknownCaller);
            return null;
        }

        var tenantSetup = await setup.GetAsync(caller.TenantId, turn.CancellationToken);
        if (CardInput.Text(turn.CardData, "teamId", 300) is not { } teamId || tenantSetup.FindTeam(teamId) is not { } team || !setup.Roles.CanManage(tenantSetup, team, caller))
        {
            Log.SettingsRefused(logger);
            await turn.TellAsync("Only the team's managers and CxBot admins can change its check-ins.");
            return null;
        }

        return (caller, team);
    }

    private TeamCheckinSettings Defaults => TeamCheckinSettings.Default(options.Value.DefaultReminderDelay);
}
