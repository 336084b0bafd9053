using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;

namespace CxBot.Protocol;

/// <summary>
/// A Bot Framework v3 activity: the fields the bot reads or writes are typed; every other field is kept in
/// <see cref="Extra"/> so an activity survives a round trip unchanged.
/// </summary>
public sealed record Activity
{
    /// <summary>The activity type (see <see cref="ActivityTypes"/>).</summary>
    public string? Type { get; init; }

    /// <summary>The channel's id for this activity.</summary>
    public string? Id { get; init; }

    /// <summary>When the channel sent it.</summary>
    public DateTimeOffset? Timestamp { get; init; }

    /// <summary>Where replies to this conversation are posted.</summary>
    public string? ServiceUrl { get; init; }

    /// <summary>The channel (<c>msteams</c>).</summary>
    public string? ChannelId { get; init; }

    /// <summary>The sender.</summary>
    public ChannelAccount? From { get; init; }

    /// <summary>The conversation.</summary>
    public ConversationAccount? Conversation { get; init; }

    /// <summary>The receiver (the bot for inbound activities).</summary>
    public ChannelAccount? Recipient { get; init; }

    /// <summary>Text, with mentions as <c>&lt;at&gt;Name&lt;/at&gt;</c>.</summary>
    public string? Text { get; init; }

    /// <summary><c>plain</c>, <c>markdown</c> or <c>xml</c>.</summary>
    public string? TextFormat { get; init; }

    /// <summary>The notification line for a card-only message: Teams shows it in the chat list and on phones instead of "Sent a card".</summary>
    public string? Summary { get; init; }

    /// <summary>The sender's locale.</summary>
    public string? Locale { get; init; }

    /// <summary>The invoke or event name.</summary>
    public string? Name { get; init; }

    /// <summary>For installation updates: add, remove, add-upgrade, remove-upgrade.</summary>
    public string? Action { get; init; }

    /// <summary>The activity this one answers.</summary>
    public string? ReplyToId { get; init; }

    /// <summary>Invoke payload, or the data of an <c>Action.Submit</c>.</summary>
    public JsonElement? Value { get; init; }

    /// <summary>Teams-specific data (tenant, team, channel, settings).</summary>
    public ChannelData? ChannelData { get; init; }

    /// <summary>Members added (conversation updates).</summary>
    public IReadOnlyList<ChannelAccount>? MembersAdded { get; init; }

    /// <summary>Members removed (conversation updates).</summary>
    public IReadOnlyList<ChannelAccount>? MembersRemoved { get; init; }

    /// <summary>Entities such as mentions and client info.</summary>
    public IReadOnlyList<JsonObject>? Entities { get; init; }

    /// <summary>Attachments such as Adaptive Cards.</summary>
    public IReadOnlyList<Attachment>? Attachments { get; init; }

    /// <summary>Every field not typed above, kept for round trips.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A user or bot in a conversation.</summary>
public sealed record ChannelAccount
{
    /// <summary>The channel id (<c>29:…</c> for users, <c>28:…</c> for bots).</summary>
    public string? Id { get; init; }

    /// <summary>The display name.</summary>
    public string? Name { get; init; }

    /// <summary>The Entra ID object id.</summary>
    public string? AadObjectId { get; init; }

    /// <summary>Every other field.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>A conversation: personal chat, group chat or channel.</summary>
public sealed record ConversationAccount
{
    /// <summary>The conversation id (a channel thread carries <c>;messageid=</c>).</summary>
    public string? Id { get; init; }

    /// <summary><c>personal</c>, <c>groupChat</c> or <c>channel</c>.</summary>
    public string? ConversationType { get; init; }

    /// <summary>The tenant.</summary>
    public string? TenantId { get; init; }

    /// <summary>True for group chats and channels.</summary>
    public bool? IsGroup { get; init; }

    /// <summary>The display name.</summary>
    public string? Name { get; init; }

    /// <summary>Every other field.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}

/// <summary>An attachment; for cards, <see cref="Content"/> is the card JSON.</summary>
public sealed record Attachment
{
    /// <summary>The MIME type.</summary>
    public string? ContentType { get; init; }

    /// <summary>The content.</summary>
    public JsonNode? Content { get; init; }

    /// <summary>Every other field.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? Extra { get; set; }
}
