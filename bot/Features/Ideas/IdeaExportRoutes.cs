using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using CxBot.Features.Setup;
using CxBot.Hosting;
using CxBot.Protocol;
using CxBot.Protocol.References;
using CxBot.Protocol.Routing;
using Microsoft.Extensions.Options;

namespace CxBot.Features.Ideas;

/// <summary>
/// The managers' CSV export: the button sends a file consent card to the manager's personal chat (Teams only takes files there);
/// on accept, the CSV is built again (roles re-checked) and uploaded to the URL Teams gives, if that URL is on the allow-list.
/// </summary>
internal sealed class IdeaExportRoutes(
    IdeaService ideas,
    IdeaLists lists,
    IProactiveSender sender,
    IHttpClientFactory http,
    IOptions<IdeasOptions> options,
    ILogger<IdeaExportRoutes> logger) : IBotRoutes
{
    public const string UploadClientName = "CxBot.IdeasUpload";
    public const string NotManager = "Only managers (or CxBot admins) can export ideas.";
    public const string Sent = "I've sent the CSV to our personal chat: accept it there to save it to your OneDrive.";
    public const string NoChat = "I can't reach you in a personal chat yet. Open a chat with CxBot, then try again.";
    public const string Declined = "OK, no export saved.";
    public const string UploadRefused = "I couldn't save the export there. Please try again.";

    public void Map(BotRouteBuilder routes) => routes
        .OnVerb(IdeaNames.Export, ExportAsync)
        .OnInvoke(IdeaNames.FileConsentInvoke, FileConsentAsync);

    private async Task ExportAsync(TurnContext turn)
    {
        if (IdeaTurns.CallerOf(turn, logger) is not { } caller)
        {
            await turn.TellAsync(IdeaRoutes.UnknownCaller);
            return;
        }

        if (await BuildAsync(caller, turn.CancellationToken) is not { } csv)
        {
            await turn.TellAsync(NotManager);
            return;
        }

        var card = new Activity { Type = ActivityTypes.Message, Attachments = [ConsentCard(csv.Length)] };
        if (turn.Activity.Conversation?.ConversationType == ConversationTypes.Personal)
        {
            await turn.SendAsync(turn.Activity.CreateReply() with { Attachments = card.Attachments });
            await turn.TellAsync(Sent);
            return;
        }

        var result = await sender.SendProactiveAsync(ProactiveTarget.User(caller.TenantId, caller.UserId), card, turn.CancellationToken);
        await turn.TellAsync(result.Outcome == ProactiveOutcome.Sent ? Sent : NoChat);
    }

    private async Task FileConsentAsync(TurnContext turn)
    {
        turn.Respond(new InvokeResponse(200, null));
        var value = turn.Activity.Value is { ValueKind: JsonValueKind.Object } v ? v : default;
        if (value.ValueKind != JsonValueKind.Object || Str(value, "context", "export") != IdeaNames.ExportContext || IdeaTurns.CallerOf(turn, logger) is not { } caller)
        {
            return;
        }

        if (Str(value, "action") != "accept")
        {
            await turn.ReplyAsync(Declined);
            return;
        }

        var uploadUrl = Str(value, "uploadInfo", "uploadUrl");
        if (!options.Value.AllowsUpload(uploadUrl))
        {
            Log.UploadRefused(logger, "host not allowed");
            await turn.ReplyAsync(UploadRefused);
            return;
        }

        if (await BuildAsync(caller, turn.CancellationToken) is not { } csv)
        {
            await turn.ReplyAsync(NotManager);
            return;
        }

        using var content = new ByteArrayContent(csv);
        content.Headers.ContentRange = new ContentRangeHeaderValue(0, csv.Length - 1, csv.Length);
        using var response = await http.CreateClient(UploadClientName).PutAsync(uploadUrl, content, turn.CancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            Log.UploadRefused(logger, ((int)response.StatusCode).ToString(System.Globalization.CultureInfo.InvariantCulture));
            await turn.ReplyAsync(UploadRefused);
            return;
        }

        Log.Exported(logger, csv.Length);
        await turn.SendAsync(turn.Activity.CreateReply() with
        {
            Attachments =
            [
                new Attachment
                {
                    ContentType = IdeaNames.FileInfoCard,
                    Content = new JsonObject { ["uniqueId"] = Str(value, "uploadInfo", "uniqueId"), ["fileType"] = Str(value, "uploadInfo", "fileType") ?? "csv" },
                    Extra = new()
                    {
                        ["contentUrl"] = JsonSerializer.SerializeToElement(Str(value, "uploadInfo", "contentUrl")),
                        ["name"] = JsonSerializer.SerializeToElement(Str(value, "uploadInfo", "name")),
                    },
                },
            ],
        });
    }

    private async Task<byte[]?> BuildAsync(Caller caller, CancellationToken cancellationToken)
    {
        var setup = await ideas.SetupAsync(caller.TenantId, cancellationToken);
        var teams = ideas.ManagedTeams(setup, caller);
        return teams.Count == 0 ? null : IdeaCsv.Write(await lists.AllAsync(caller.TenantId, teams, cancellationToken), setup);
    }

    private static Attachment ConsentCard(int size) => new()
    {
        ContentType = IdeaNames.FileConsentCard,
        Content = new JsonObject
        {
            ["description"] = "Your teams' ideas (CSV)",
            ["sizeInBytes"] = size,
            ["acceptContext"] = new JsonObject { ["export"] = IdeaNames.ExportContext },
            ["declineContext"] = new JsonObject { ["export"] = IdeaNames.ExportContext },
        },
        Extra = new() { ["name"] = JsonSerializer.SerializeToElement("ideas.csv") },
    };

    private static string? Str(JsonElement e, params string[] path)
    {
        foreach (var name in path)
        {
            if (e.ValueKind != JsonValueKind.Object || !e.TryGetProperty(name, out e))
            {
                return null;
            }
        }

        return e.ValueKind == JsonValueKind.String ? e.GetString() : null;
    }
}
