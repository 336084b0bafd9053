using System.Text.Json.Serialization;

namespace CxBot.Features.Recognition;

/// <summary>A choice in an <c>Input.ChoiceSet</c>.</summary>
internal sealed record Choice([property: JsonPropertyName("title")] string Title, [property: JsonPropertyName("value")] string Value);

/// <summary>
/// Data for <c>cards/recognition/give.json</c>: the colleagues and behaviours to pick from, this card's client token, and the
/// colleagues already picked (comma-separated ids; empty for none), from "kudos @name".
/// </summary>
internal sealed record GiveFormData(
    [property: JsonPropertyName("token")] string Token,
    [property: JsonPropertyName("people")] IReadOnlyList<Choice> People,
    [property: JsonPropertyName("behaviours")] IReadOnlyList<Choice> Behaviours,
    [property: JsonPropertyName("messageMaxLength")] int MessageMaxLength,
    [property: JsonPropertyName("notice")] string? Notice,
    [property: JsonPropertyName("picked")] string Picked);

/// <summary>An <c>&lt;at&gt;</c> mention and its entity.</summary>
internal sealed record MentionData([property: JsonPropertyName("text")] string Text, [property: JsonPropertyName("id")] string Id, [property: JsonPropertyName("name")] string Name);

/// <summary>Which shout-out a card action is about (card data: re-checked on the server).</summary>
internal sealed record ShoutOutRefData([property: JsonPropertyName("month")] string Month, [property: JsonPropertyName("id")] string Id);

/// <summary>Data for <c>cards/recognition/shoutout.json</c>: the channel post (with +1) and each recipient's copy.</summary>
internal sealed record ShoutOutCardData(
    [property: JsonPropertyName("heading")] string Heading,
    [property: JsonPropertyName("giverName")] string GiverName,
    [property: JsonPropertyName("mentionLine")] string MentionLine,
    [property: JsonPropertyName("mentions")] IReadOnlyList<MentionData> Mentions,
    [property: JsonPropertyName("badge")] string Badge,
    [property: JsonPropertyName("behaviour")] string Behaviour,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("plusOnes")] int PlusOnes,
    [property: JsonPropertyName("inChannel")] bool InChannel,
    [property: JsonPropertyName("shoutOut")] ShoutOutRefData ShoutOut);

/// <summary>Data for <c>cards/recognition/manager.json</c>: a manager's copy with "Add my thanks".</summary>
internal sealed record ManagerCardData(
    [property: JsonPropertyName("recipientName")] string RecipientName,
    [property: JsonPropertyName("recipientId")] string RecipientId,
    [property: JsonPropertyName("giverName")] string GiverName,
    [property: JsonPropertyName("badge")] string Badge,
    [property: JsonPropertyName("behaviour")] string Behaviour,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("notice")] string? Notice,
    [property: JsonPropertyName("shoutOut")] ShoutOutRefData ShoutOut);

/// <summary>Data for <c>cards/recognition/values.json</c>: the company values and the form to add one (admins).</summary>
internal sealed record ValuesCardData(
    [property: JsonPropertyName("values")] IReadOnlyList<Choice> Values,
    [property: JsonPropertyName("notice")] string? Notice);
