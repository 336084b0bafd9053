using System.Text.Json;
using System.Text.Json.Nodes;
using CxBot.Cards;
using CxBot.Features.Setup;
using CxBot.Protocol.FileConsent;
using CxBot.Protocol.References;
using CxBot.Protocol.Routing;

namespace CxBot.Features.Incidents;

/// <summary>
/// The managers' CSV export (<i>Export CSV</i> on <c>team incidents</c>): the date range is checked here, then a file consent card goes
/// to the manager's personal chat. On accept the dispatcher asks for the bytes: range and roles are checked again, and only the
/// caller's tenant and the teams they manage (all teams for an admin) are read.
/// </summary>
internal sealed class IncidentExport(
    IncidentService incidents,
    IProactiveSender sender,
    ILogger<IncidentExport> logger) : IBotRoutes, IFileConsentHandler
{
    public const string NotManager = "Only a team's managers (or a CxBot admin) can export its incidents.";
    public const string UnknownCaller = IncidentRoutes.UnknownCaller;

    private const string FromField = "from";
    private const string ToField = "to";

    public string Kind => IncidentNames.ExportKind;

    public void Map(BotRouteBuilder routes) => routes.OnVerb(IncidentNames.Export, ExportAsync);

    public async Task<byte[]?> ContentAsync(TurnContext turn, JsonElement context)
    {
        if (Caller.Of(turn, logger, Log.NoCaller) is not { } caller)
        {
            return null;
        }

        if (IncidentExportRange.Parse(FileConsentRoutes.Str(context, FromField), FileConsentRoutes.Str(context, ToField), incidents.Now) is not { } range)
        {
            await turn.ReplyAsync(IncidentExportRange.Invalid);
            return null;
        }

        if (await BuildAsync(caller, range, turn.CancellationToken) is not { } csv)
        {
            await turn.ReplyAsync(NotManager);
            return null;
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

        var from = CardInput.Text(turn.CardData, FromField, 10);
        var to = CardInput.Text(turn.CardData, ToField, 10);
        if (IncidentExportRange.Parse(from, to, incidents.Now) is not { } range)
        {
            await turn.TellAsync(IncidentExportRange.Invalid);
            return;
        }

        if (await BuildAsync(caller, range, turn.CancellationToken) is not { } csv)
        {
            Log.ExportRefused(logger);
            await turn.TellAsync(NotManager);
            return;
        }

        var name = $"incidents-{from}-to-{to}.csv";
        var consent = FileConsentCards.Consent(Kind, name, $"Your teams' incidents, {from} to {to} (CSV)", csv.Length, new JsonObject { [FromField] = from, [ToField] = to });
        await FileConsentOffer.SendAsync(turn, sender, ProactiveTarget.User(caller.TenantId, caller.UserId), consent, $"Your teams' incidents, {from} to {to}, as a CSV file: accept it to save it to your OneDrive");
    }

    /// <summary>The CSV of the range for the teams the caller manages; null when they manage none.</summary>
    private async Task<byte[]?> BuildAsync(Caller caller, IncidentExportRange range, CancellationToken cancellationToken)
    {
        var setup = await incidents.Setup.GetAsync(caller.TenantId, cancellationToken);
        var managed = incidents.Setup.Roles.ManagedTeams(setup, caller).Select(t => t.Id).ToList();
        if (managed.Count == 0)
        {
            return null;
        }

        var rows = await incidents.Store.InRangeAsync(caller.TenantId, managed, range, cancellationToken);
        Log.Exported(logger, rows.Count, managed.Count);
        return IncidentCsv.Write(rows, setup);
    }
}
