using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using System.Text.Json.Nodes;
using CxBot.Protocol.Routing;
using Microsoft.Extensions.Options;

namespace CxBot.Protocol.FileConsent;

/// <summary>
/// The one route for <c>fileConsent/invoke</c>: finds the handler by the kind in the card's context, and on accept uploads the
/// handler's bytes (PUT with a content range) to Teams' upload URL when its host is on the allow-list, then posts the file card.
/// </summary>
internal sealed class FileConsentRoutes(
    IEnumerable<IFileConsentHandler> handlers,
    IHttpClientFactory http,
    IOptions<FileConsentOptions> options,
    ILogger<FileConsentRoutes> logger) : IBotRoutes
{
    private readonly Dictionary<string, IFileConsentHandler> _handlers = handlers.ToDictionary(h => h.Kind, StringComparer.Ordinal);

    public void Map(BotRouteBuilder routes) => routes.OnInvoke(FileConsentNames.Invoke, AnswerAsync);

    private async Task AnswerAsync(TurnContext turn)
    {
        turn.Respond(new InvokeResponse(200, null));
        var value = turn.Activity.Value is { ValueKind: JsonValueKind.Object } v ? v : default;
        var context = value.ValueKind == JsonValueKind.Object && value.TryGetProperty("context", out var c) && c.ValueKind == JsonValueKind.Object ? c : default;
        var kind = Str(context, FileConsentNames.KindField) ?? Str(context, FileConsentNames.LegacyKindField);
        if (kind is null || !_handlers.TryGetValue(kind, out var handler))
        {
            Log.UnknownKind(logger);
            return;
        }

        if (Str(value, "action") != FileConsentNames.Accept)
        {
            Log.Declined(logger, kind);
            await turn.ReplyAsync(FileConsentNames.Declined);
            return;
        }

        var uploadUrl = Str(value, "uploadInfo", "uploadUrl");
        if (!options.Value.AllowsUpload(uploadUrl))
        {
            Log.UploadRefused(logger, kind, "host not allowed");
            await turn.ReplyAsync(FileConsentNames.UploadRefused);
            return;
        }

        if (await handler.ContentAsync(turn, context) is not { } bytes)
        {
            return;
        }

        using var content = new ByteArrayContent(bytes);
        content.Headers.ContentRange = new ContentRangeHeaderValue(0, bytes.Length - 1, bytes.Length);
        using var response = await http.CreateClient(FileConsentNames.UploadClientName).PutAsync(uploadUrl, content, turn.CancellationToken);
        if (!response.IsSuccessStatusCode)
        {
            Log.UploadRefused(logger, kind, ((int)response.StatusCode).ToString(CultureInfo.InvariantCulture));
            await turn.ReplyAsync(FileConsentNames.UploadRefused);
            return;
        }

        Log.Uploaded(logger, kind, bytes.Length);
        await turn.SendAsync(turn.Activity.CreateReply() with { Attachments = [InfoCard(value)] });
    }

    private static Attachment InfoCard(JsonElement value) => new()
    {
        ContentType = FileConsentNames.InfoCard,
        Content = new JsonObject { ["uniqueId"] = Str(value, "uploadInfo", "uniqueId"), ["fileType"] = Str(value, "uploadInfo", "fileType") ?? "csv" },
        Extra = new()
        {
            ["contentUrl"] = JsonSerializer.SerializeToElement(Str(value, "uploadInfo", "contentUrl")),
            ["name"] = JsonSerializer.SerializeToElement(Str(value, "uploadInfo", "name")),
        },
    };

    /// <summary>The string at <paramref name="path"/>, or null.</summary>
    public static string? Str(JsonElement e, params string[] path)
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
