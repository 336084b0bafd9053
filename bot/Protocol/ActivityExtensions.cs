using System.Text.Json;
using System.Text.Json.Nodes;

namespace CxBot.Protocol;

/// <summary>Reads and builds activities without knowing what they are about.</summary>
public static class ActivityExtensions
{
    /// <summary>The tenant: <c>conversation.tenantId</c>, else <c>channelData.tenant.id</c>.</summary>
    public static string? TenantId(this Activity activity) =>
        activity.Conversation?.TenantId ?? activity.ChannelData?.Tenant?.Id;

    /// <summary>The conversation id without a channel thread's <c>;messageid=</c> suffix.</summary>
    public static string? BaseConversationId(this Activity activity)
    {
        var id = activity.Conversation?.Id;
        if (id is null)
        {
            return null;
        }

        var cut = id.IndexOf(";messageid=", StringComparison.OrdinalIgnoreCase);
        return cut < 0 ? id : id[..cut];
    }

    /// <summary>A message from the bot into the same conversation, answering <paramref name="activity"/>.</summary>
    public static Activity CreateReply(this Activity activity, string? text = null) => new()
    {
        Type = ActivityTypes.Message,
        ServiceUrl = activity.ServiceUrl,
        ChannelId = activity.ChannelId,
        From = activity.Recipient,
        Recipient = activity.From,
        Conversation = activity.Conversation,
        ReplyToId = activity.Id,
        Text = text,
    };

    /// <summary>A message carrying one Adaptive Card.</summary>
    public static Activity WithCard(this Activity activity, JsonObject card) => activity with
    {
        Attachments = [new Attachment { ContentType = ContentTypes.AdaptiveCard, Content = card }],
    };

    /// <summary>The entities of one type (<c>mention</c>, <c>clientInfo</c>…); null entries and entries whose type is not text are skipped.</summary>
    public static IEnumerable<JsonObject> EntitiesOfType(this Activity activity, string type) =>
        (activity.Entities ?? []).Where(e => e is not null && StringAt(e, "type") == type);

    /// <summary>A property's value when it is a JSON string; null when <paramref name="node"/> is not an object, or the property is missing or of another kind.</summary>
    public static string? StringAt(JsonNode? node, string name) =>
        node is JsonObject o && o[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    /// <summary>
    /// The people an activity @mentions other than its recipient (the bot): each mention's id (a Teams user id, or an Entra object
    /// id) and name, at most <paramref name="atMost"/>, each once. Card data of a kind: resolve the id before trusting it.
    /// </summary>
    public static IReadOnlyList<(string Id, string? Name)> MentionedOthers(this Activity activity, int atMost = 10) =>
        [.. activity.EntitiesOfType("mention")
            .Select(e => (Id: StringAt(e["mentioned"], "aadObjectId") ?? StringAt(e["mentioned"], "id"), Name: StringAt(e["mentioned"], "name")))
            .Where(m => m.Id is { Length: > 0 and <= 256 } && !string.Equals(m.Id, activity.Recipient?.Id, StringComparison.OrdinalIgnoreCase))
            .Select(m => (m.Id!, m.Name))
            .DistinctBy(m => m.Item1, StringComparer.OrdinalIgnoreCase)
            .Take(atMost)];

    /// <summary>The text with every <c>&lt;at&gt;…&lt;/at&gt;</c> mention of the recipient removed, trimmed.</summary>
    public static string? TextWithoutMentions(this Activity activity)
    {
        var text = activity.Text;
        if (text is null)
        {
            return null;
        }

        foreach (var entity in activity.EntitiesOfType("mention"))
        {
            if (StringAt(entity, "text") is { Length: > 0 } markup
                && (StringAt(entity["mentioned"], "id") is not { } id || activity.Recipient?.Id is null || string.Equals(id, activity.Recipient.Id, StringComparison.OrdinalIgnoreCase)))
            {
                text = text.Replace(markup, "", StringComparison.OrdinalIgnoreCase);
            }
        }

        return text.Trim();
    }

    /// <summary>The card verb of an <c>Action.Execute</c> invoke or an <c>Action.Submit</c> message, if any.</summary>
    public static string? CardVerb(this Activity activity)
    {
        if (activity.Value is not { ValueKind: JsonValueKind.Object } value)
        {
            return null;
        }

        if (activity.Type == ActivityTypes.Invoke)
        {
            return value.TryGetProperty("action", out var action) && action.ValueKind == JsonValueKind.Object
                && action.TryGetProperty("verb", out var verb) && verb.ValueKind == JsonValueKind.String ? verb.GetString() : null;
        }

        return activity.Type == ActivityTypes.Message && value.TryGetProperty("verb", out var submitVerb) && submitVerb.ValueKind == JsonValueKind.String
            ? submitVerb.GetString()
            : null;
    }

    /// <summary>The card data of an action: <c>value.action.data</c> for an invoke, <c>value</c> for a submit.</summary>
    public static JsonElement? CardData(this Activity activity)
    {
        if (activity.Value is not { ValueKind: JsonValueKind.Object } value)
        {
            return null;
        }

        if (activity.Type == ActivityTypes.Invoke)
        {
            return value.TryGetProperty("action", out var action) && action.ValueKind == JsonValueKind.Object && action.TryGetProperty("data", out var data) ? data : null;
        }

        return value;
    }
}
