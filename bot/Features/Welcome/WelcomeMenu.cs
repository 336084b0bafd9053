using CxBot.Features.Checkins;
using CxBot.Features.CustomerVoice;
using CxBot.Features.Ideas;
using CxBot.Features.Incidents;
using CxBot.Features.Measures;
using CxBot.Features.Recognition;
using CxBot.Features.Scorecards;
using CxBot.Features.Setup;
using CxBot.Protocol.Routing;

namespace CxBot.Features.Welcome;

/// <summary>
/// What CxBot offers each person: the commands (the help list and the manifest's descriptions) and the home card's buttons,
/// each for everyone, managers or admins. Every button runs a command, so everything on the home card can also be typed.
/// </summary>
internal static class WelcomeMenu
{
    public const string HelpCommand = "help";
    public const string CommandsPhrase = "commands";

    /// <summary>Every command, in the order the help list shows them; the manifest's descriptions are these words.</summary>
    public static readonly IReadOnlyList<HelpCommand> Commands =
    [
        new(HelpCommand, "Show what I can do, as buttons."),
        new(IncidentNames.LogCommand, "Log a service failure in a minute: what happened, how bad, whether the customer was recovered."),
        new(IncidentNames.MyCommand, "Your open incidents and where each one stands."),
        new(IdeaNames.IdeaCommand, "Share an idea with your team: the problem, your proposal and its benefit."),
        new(IdeaNames.MyIdeasCommand, "Your ideas, where each stands and its votes."),
        new(IdeaNames.TeamIdeasCommand, "Your team's ideas, top by votes; add a status (e.g. team ideas accepted) to filter."),
        new(RecognitionNames.RecogniseCommand, "Give a colleague a shout-out for a standard or company value."),
        new(RecognitionNames.KudosCommand, "Same as recognise; kudos @name picks them for you."),
        new(RecognitionNames.LeaderboardCommand, "Shout-out points for your team and the organisation: this week, month or quarter."),
        new(CheckinNames.MyCommand, "Your check-ins: quiet hours, pause or stop them, or start them again."),
        new(IncidentNames.TeamCommand, "Managers: the open incidents of your teams; Export CSV on it sends the incidents of a date range as a file.", Audience.Managers),
        new(ScorecardNames.Command, "This week's standards scorecard so far: a manager's teams, or every team for leadership and admins.", Audience.Managers),
        new(MeasureNames.Command, "Managers: record a team's weekly figures for the hard standards that check-ins do not ask.", Audience.Managers),
        new(CustomerVoiceNames.Command, "Managers: a touchpoint's customer survey link, its QR code and a poster to print; revoke it and issue a new one.", Audience.Managers),
        new(IncidentNames.PostHereCommand, "Managers, in a team's channel: post the team's high and critical incidents here.", Audience.Managers),
        new(IncidentNames.StopPostingCommand, "Managers, in a team's channel: stop posting the team's incidents to a channel.", Audience.Managers),
        new(SetupNames.SetupCommand, "Admins: the journey, standards, teams and admins. In a team's channel: that team's setup, for its managers.", Audience.Managers),
        new(SetupNames.PostScorecardsCommand, "Admins, in a channel: send weekly scorecards of chosen teams here.", Audience.Admins),
    ];

    private static readonly (string Title, string Command, Audience For)[][] Rows =
    [
        [("Log an incident", IncidentNames.LogCommand, Audience.Everyone), ("Share an idea", IdeaNames.IdeaCommand, Audience.Everyone), ("Thank a colleague", RecognitionNames.RecogniseCommand, Audience.Everyone)],
        [("My incidents", IncidentNames.MyCommand, Audience.Everyone), ("My ideas", IdeaNames.MyIdeasCommand, Audience.Everyone), ("My check-ins", CheckinNames.MyCommand, Audience.Everyone)],
        [("Team incidents", IncidentNames.TeamCommand, Audience.Managers), ("Team ideas", IdeaNames.TeamIdeasCommand, Audience.Managers), ("Scorecard", ScorecardNames.Command, Audience.Managers), ("Customer survey", CustomerVoiceNames.Command, Audience.Managers)],
        [("Setup", SetupNames.SetupCommand, Audience.Admins), ("Weekly figures", MeasureNames.Command, Audience.Managers), ("Leaderboard", RecognitionNames.LeaderboardCommand, Audience.Everyone), ("All commands", CommandsPhrase, Audience.Everyone)],
    ];

    /// <summary>The home card's rows of buttons for someone who is <paramref name="role"/>.</summary>
    public static IReadOnlyList<HomeGroup> Buttons(Audience role) =>
        [.. Rows.Select(row => new HomeGroup([.. row.Where(b => Shows(b.For, role)).Select(b => new HomeButton(b.Title, ActivityRouter.TypedCommandVerb, b.Command))]))
            .Where(g => g.Actions.Count > 0)];

    /// <summary>The commands someone who is <paramref name="role"/> may use.</summary>
    public static IReadOnlyList<HelpCommand> CommandsFor(Audience role) => [.. Commands.Where(c => Shows(c.For, role))];

    /// <summary>A button that runs <paramref name="command"/> as if typed.</summary>
    public static HomeButton Run(string title, string command) => new(title, ActivityRouter.TypedCommandVerb, command);

    private static bool Shows(Audience item, Audience role) => item <= role;
}

/// <summary>Whether the caller is an admin, a manager of some team, or neither, from the tenant's setup (read for drawing only).</summary>
internal sealed class WelcomeRoles(SetupService setup)
{
    /// <param name="fresh">Read the setup itself rather than the recent copy (a welcome, once per person, leaves the copy alone).</param>
    public async Task<Audience> OfAsync(TurnContext turn, bool fresh = false)
    {
        if (Caller.Of(turn) is not { } caller)
        {
            return Audience.Everyone;
        }

        var current = fresh ? await setup.GetAsync(caller.TenantId, turn.CancellationToken) : await setup.GetRecentAsync(caller.TenantId, turn.CancellationToken);
        return setup.Roles.IsAdmin(current, caller) ? Audience.Admins
            : current.Teams.Any(t => t.Managers.Contains(caller.UserId, StringComparer.OrdinalIgnoreCase)) ? Audience.Managers
            : Audience.Everyone;
    }
}
