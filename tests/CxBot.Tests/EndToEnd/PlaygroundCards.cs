using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using CxBot.Testing;

namespace CxBot.Tests.EndToEnd;

/// <summary>What a person does with the messages in their Playground: find one, read its ids and choices, press its buttons.</summary>
internal static class PlaygroundCards
{
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The person presses an <c>Action.Execute</c> button on the message <paramref name="replyToId"/> in <paramref name="conversation"/>.</summary>
    public static Task<(int Status, JsonNode? Body)> PressAsync(this PlaygroundServer playground, PlaygroundPerson person, string conversation, string replyToId, string verb, JsonObject data) =>
        playground.InvokeAsync(new JsonObject
        {
            ["name"] = "adaptiveCard/action",
            ["value"] = new JsonObject { ["action"] = new JsonObject { ["type"] = "Action.Execute", ["verb"] = verb, ["data"] = data }, ["trigger"] = "manual" },
            ["from"] = new JsonObject { ["id"] = person.UserId },
            ["conversation"] = new JsonObject { ["id"] = conversation },
            ["replyToId"] = replyToId,
        });

    /// <summary>The event, answer or card holds <paramref name="text"/> (quotes and apostrophes as typed).</summary>
    public static bool Has(JsonNode node, string text) => node.ToJsonString(Relaxed).Contains(text, StringComparison.Ordinal);

    /// <summary>The stream event is a message or update in the person's chat with CxBot.</summary>
    public static bool InChat(JsonNode node, PlaygroundPerson person) => In(node, person.Chat);

    /// <summary>The stream event is a message or update in the conversation (a channel's posts are threads under its id).</summary>
    public static bool In(JsonNode node, string conversation) =>
        node["actionConversationId"]?.ToString() is { } id && (id == conversation || id.StartsWith(conversation + ";", StringComparison.Ordinal));

    /// <summary>The message id of a stream event, which a button press answers to.</summary>
    public static string IdOf(JsonNode node) =>
        node["message"]?["messageId"]?.ToString() ?? throw new InvalidOperationException("No message id in " + node.ToJsonString());

    /// <summary>The form's submission token (in its buttons' data).</summary>
    public static string TokenIn(JsonNode card) =>
        Objects(card).Select(o => o["token"]).OfType<JsonValue>().Select(v => v.ToString()).FirstOrDefault(t => t.Length > 0)
        ?? throw new InvalidOperationException("No token in " + card.ToJsonString());

    /// <summary>The value of the choice a person sees as <paramref name="title"/> in the choice set <paramref name="inputId"/>.</summary>
    public static string ChoiceValue(JsonNode card, string inputId, string title) =>
        Choices(card, inputId).FirstOrDefault(c => c["title"]?.ToString() == title)?["value"]?.ToString()
        ?? throw new InvalidOperationException($"No \"{title}\" to pick in {inputId}: {string.Join(", ", Choices(card, inputId).Select(c => c["title"]))}");

    /// <summary>The value of the first choice in the choice set <paramref name="inputId"/>.</summary>
    public static string FirstChoiceValue(JsonNode card, string inputId) =>
        Choices(card, inputId).FirstOrDefault()?["value"]?.ToString() ?? throw new InvalidOperationException($"Nothing to pick in {inputId}: {card.ToJsonString()}");

    private static IEnumerable<JsonNode> Choices(JsonNode card, string inputId) =>
        Objects(card).Where(o => o["id"]?.ToString() == inputId && o["choices"] is JsonArray).SelectMany(o => o["choices"]!.AsArray()).OfType<JsonNode>();

    /// <summary>Every object in the tree, depth first (a card may travel as a JSON string).</summary>
    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject o => [o, .. o.SelectMany(p => Objects(p.Value))],
        JsonArray a => a.SelectMany(Objects),
        JsonValue v when v.TryGetValue<string>(out var text) && text.TrimStart().StartsWith('{') => Objects(JsonNode.Parse(text)),
        _ => [],
    };
}
