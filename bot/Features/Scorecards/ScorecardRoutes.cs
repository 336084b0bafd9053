using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CxBot.Cards;
using CxBot.Features.Setup;
using CxBot.Protocol;
using CxBot.Protocol.FileConsent;
using CxBot.Protocol.References;
using CxBot.Protocol.Routing;

namespace CxBot.Features.Scorecards;

/// <summary>
/// <c>scorecard</c>: the current week so far for the caller's scope (a leadership channel: what it subscribed to; an admin: the
/// organisation; a manager: their teams), and <i>Export CSV</i> on a card: the figures behind it for its week, as a file sent to
/// the caller's personal chat. Scope is checked on the server every time; card data is never trusted.
/// </summary>
internal sealed class ScorecardRoutes(ScorecardService scorecards, CardTemplates cards, IProactiveSender sender, TimeProvider time, ILogger<ScorecardRoutes> logger)
    : IBotRoutes, IFileConsentHandler
{
    public const string NothingToShow = "Scorecards are for the managers of a team, leadership channels and CxBot admins; you manage no team yet.";
    public const string UnknownCaller = "I couldn't tell who you are, so I can't show a scorecard.";
    public const string BadWeek = "That scorecard export is not valid; open a current scorecard and try again.";

    /// <summary>At most this many cards answer one <c>scorecard</c> command; the organisation card summarises the rest.</summary>
    public const int MaxCards = 5;

    /// <summary>Up to this many teams, <c>scorecard</c> rolls the week up afresh before answering; beyond, the stored rollup (refreshed on a schedule) is used.</summary>
    public const int FreshTeams = 20;

    private const string WeekField = "week";
    private const string ScopeField = "scope";

    public string Kind => ScorecardNames.ExportKind;

    public void Map(BotRouteBuilder routes) => routes
        .OnCommand(ScorecardNames.Command, ShowAsync)
        .OnVerb(ScorecardNames.Export, ExportAsync);

    private async Task ShowAsync(TurnContext turn)
    {
        if (Caller.Of(turn, logger, Log.NoCaller) is not { } caller)
        {
            await turn.TellAsync(UnknownCaller);
            return;
        }

        var setup = await scorecards.Setup.GetAsync(caller.TenantId, turn.CancellationToken);
        var scopes = ScopesOf(turn, setup, caller);
        if (scopes.Count == 0)
        {
            Log.Refused(logger);
            await turn.TellAsync(NothingToShow);
            return;
        }

        var monday = scorecards.CurrentMonday(setup);
        var teams = scopes.SelectMany(s => s.Teams).DistinctBy(t => t.Id).ToList();
        if (teams.Count <= FreshTeams)
        {
            await scorecards.RollupAsync(caller.TenantId, setup with { Teams = teams }, [monday], turn.CancellationToken, organisation: teams.Count == setup.Teams.Count);
        }

        var asOf = ScorecardWeek.AsOfText(time.GetUtcNow(), ScorecardWeek.Zone(setup.Organisation?.TimeZone));
        foreach (var scope in scopes.Take(MaxCards))
        {
            await turn.ReplyWithCardAsync(cards.Bind(ScorecardNames.Template, await scorecards.BuildAsync(caller.TenantId, setup, scope, monday, asOf, turn.CancellationToken)));
        }

        Log.Shown(logger, Math.Min(scopes.Count, MaxCards));
    }

    /// <summary>In a leadership channel, what it subscribed to; else the organisation and every team for admins, a manager's teams.</summary>
    private IReadOnlyList<ScorecardScope> ScopesOf(TurnContext turn, TenantSetup setup, Caller caller)
    {
        var channelId = turn.Activity.BaseConversationId();
        if (setup.Leadership.FirstOrDefault(l => l.ChannelId == channelId) is { } channel)
        {
            return ScorecardService.ScopesFor(setup, channel);
        }

        return ScorecardService.ScopesFor(setup, caller, scorecards.Setup.Roles, leadership: false);
    }

    public async Task<byte[]?> ContentAsync(TurnContext turn, JsonElement context)
    {
        if (Caller.Of(turn, logger, Log.NoCaller) is not { } caller)
        {
            return null;
        }

        var (csv, problem) = await CsvAsync(turn, caller, FileConsentRoutes.Str(context, WeekField), FileConsentRoutes.Str(context, ScopeField));
        if (csv is null)
        {
            await turn.ReplyAsync(problem!);
        }

        return csv;
    }

    private async Task ExportAsync(TurnContext turn)
    {
        if (Caller.Of(turn, logger, Log.NoCaller) is not { } caller)
        {
            await turn.TellAsync(UnknownCaller);
            return;
        }

        var week = CardInput.Text(turn.CardData, WeekField, 8);
        var scope = CardInput.Text(turn.CardData, ScopeField, 200);
        var (csv, problem) = await CsvAsync(turn, caller, week, scope);
        if (csv is null)
        {
            await turn.TellAsync(problem!);
            return;
        }

        var consent = FileConsentCards.Consent(Kind, $"scorecard-{week}.csv", $"The figures behind the scorecard of {week} (CSV)", csv.Length, new JsonObject { [WeekField] = week, [ScopeField] = scope });
        await FileConsentOffer.SendAsync(turn, sender, ProactiveTarget.User(caller.TenantId, caller.UserId), consent, $"The figures behind the scorecard of {week} as a CSV file: accept it to save it to your OneDrive");
    }

    /// <summary>The CSV of a week for a scope the caller may see (checked again here), or why not.</summary>
    private async Task<(byte[]? Csv, string? Problem)> CsvAsync(TurnContext turn, Caller caller, string? week, string? scopeId)
    {
        if (!ScorecardWeek.TryParse(week, out var monday) || scopeId is null)
        {
            return (null, BadWeek);
        }

        var setup = await scorecards.Setup.GetAsync(caller.TenantId, turn.CancellationToken);
        if (ScopesOf(turn, setup, caller).FirstOrDefault(s => s.Id == scopeId) is not { } scope)
        {
            return (null, NothingToShow);
        }

        var export = await scorecards.ExportAsync(caller.TenantId, setup, monday, turn.CancellationToken, scope);
        Log.Exported(logger, export.Current.Count);
        return (ScorecardCsv.Write(setup, monday, export), null);
    }

}
