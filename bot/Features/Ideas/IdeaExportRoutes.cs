using System.Text.Json;
using CxBot.Features.Setup;
using CxBot.Protocol.FileConsent;
using CxBot.Protocol.References;
using CxBot.Protocol.Routing;

namespace CxBot.Features.Ideas;

/// <summary>
/// The managers' CSV export: the button sends a file consent card to the manager's personal chat (Teams only takes files there);
/// on accept, the file consent dispatcher asks for the CSV again (roles re-checked here) and uploads it if Teams' URL is allowed.
/// </summary>
internal sealed class IdeaExportRoutes(
    IdeaService ideas,
    IdeaLists lists,
    IdeaPeople people,
    IProactiveSender sender,
    ILogger<IdeaExportRoutes> logger) : IBotRoutes, IFileConsentHandler
{
    public const string NotManager = "Only managers (or CxBot admins) can export ideas.";
    public const string Declined = FileConsentNames.Declined;
    public const string UploadRefused = FileConsentNames.UploadRefused;

    public string Kind => IdeaNames.ExportContext;

    public void Map(BotRouteBuilder routes) => routes.OnVerb(IdeaNames.Export, ExportAsync);

    public async Task<byte[]?> ContentAsync(TurnContext turn, JsonElement context)
    {
        if (Caller.Of(turn, logger, Log.NoCaller) is not { } caller)
        {
            return null;
        }

        if (await BuildAsync(caller, turn.CancellationToken) is not { } csv)
        {
            await turn.ReplyAsync(NotManager);
            return null;
        }

        Log.Exported(logger, csv.Length);
        return csv;
    }

    private async Task ExportAsync(TurnContext turn)
    {
        if (Caller.Of(turn, logger, Log.NoCaller) is not { } caller)
        {
            await turn.TellAsync(IdeaRoutes.UnknownCaller);
            return;
        }

        if (await BuildAsync(caller, turn.CancellationToken) is not { } csv)
        {
            await turn.TellAsync(NotManager);
            return;
        }

        var consent = FileConsentCards.Consent(Kind, "ideas.csv", "Your teams' ideas (CSV)", csv.Length);
        await FileConsentOffer.SendAsync(turn, sender, ProactiveTarget.User(caller.TenantId, caller.UserId), consent, "Your teams' ideas as a CSV file: accept it to save it to your OneDrive");
    }

    private async Task<byte[]?> BuildAsync(Caller caller, CancellationToken cancellationToken)
    {
        var setup = await ideas.SetupAsync(caller.TenantId, cancellationToken);
        var teams = ideas.ManagedTeams(setup, caller);
        if (teams.Count == 0)
        {
            return null;
        }

        var all = await lists.AllAsync(caller.TenantId, teams, cancellationToken);
        return IdeaCsv.Write(all, setup, await people.NamesAsync(caller.TenantId, all.Select(r => r.Idea!), cancellationToken));
    }
}
