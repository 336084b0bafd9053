using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace CxBot.Testing;

/// <summary>
/// Checks every message, card and invoke answer a test app sent: no template expression (<c>${…}</c>) left in anything a
/// person gets (the same text the test itself typed is allowed back), no card bound with a missing value, and every
/// proactive message (a new message that is not a reply) carrying a notification line (<c>summary</c>).
/// </summary>
public static partial class SentChecks
{
    /// <summary>What is wrong in what <paramref name="app"/> sent through <paramref name="connector"/>, one line per problem.</summary>
    public static IReadOnlyList<string> Problems(FakeConnector connector, BotApp app) =>
        Problems(connector.Requests, app.Posted, app.InvokeAnswers, app.UnboundCardValues);

    /// <summary>What is wrong in these requests and invoke answers, given what the test posted to the bot.</summary>
    public static IReadOnlyList<string> Problems(
        IEnumerable<RecordedRequest> requests, IEnumerable<string> posted, IEnumerable<string> invokeAnswers, IEnumerable<string> unboundCardValues)
    {
        var typed = posted.SelectMany(p => Expression().Matches(p).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);
        var problems = new List<string>();
        foreach (var request in requests.Where(r => r.Method is "POST" or "PUT" && !string.IsNullOrEmpty(r.Body)))
        {
            var where = $"{request.Method} {request.PathAndQuery}";
            var body = request.Json;
            problems.AddRange(Leftovers(body, typed).Select(text => $"{where}: a template expression is left in \"{text}\""));
            if (request.Method == "POST" && ProactiveMessage(request.PathAndQuery, body) is { } message && !HasSummary(message))
            {
                problems.Add($"{where}: a proactive message without a notification line (summary): {Shorten(message.ToJsonString())}");
            }
        }

        foreach (var answer in invokeAnswers.Where(a => a.Length > 0))
        {
            problems.AddRange(Leftovers(JsonNode.Parse(answer), typed).Select(text => $"invoke answer: a template expression is left in \"{text}\""));
        }

        problems.AddRange(unboundCardValues.Select(u => "a card was bound with a missing value: " + u));
        return problems;
    }

    /// <summary>
    /// The activity a request sends as a new message: <c>POST /v3/conversations/{id}/activities</c> without <c>replyToId</c>,
    /// or a new channel thread (<c>POST /v3/conversations</c> with an <c>activity</c>); null for replies, updates and the rest.
    /// </summary>
    public static JsonObject? ProactiveMessage(string pathAndQuery, JsonNode? body)
    {
        var path = pathAndQuery.Split('?')[0];
        var activity = path.EndsWith("/v3/conversations", StringComparison.Ordinal) ? body?["activity"] as JsonObject
            : ConversationActivities().IsMatch(path) ? body as JsonObject
            : null;
        return activity is not null && (string?)activity["type"] is null or "message" && activity["replyToId"] is null ? activity : null;
    }

    private static bool HasSummary(JsonObject activity) =>
        activity["summary"] is JsonValue value && value.TryGetValue<string>(out var text) && !string.IsNullOrWhiteSpace(text);

    private static IEnumerable<string> Leftovers(JsonNode? node, HashSet<string> typed)
    {
        switch (node)
        {
            case JsonObject obj:
                return obj.SelectMany(p => Leftovers(p.Value, typed));
            case JsonArray array:
                return array.SelectMany(i => Leftovers(i, typed));
            case JsonValue value when value.TryGetValue<string>(out var text) && text.Contains("${", StringComparison.Ordinal):
                var left = typed.Aggregate(text, (t, token) => t.Replace(token, "", StringComparison.Ordinal));
                return left.Contains("${", StringComparison.Ordinal) ? [Shorten(text)] : [];
            default:
                return [];
        }
    }

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";

    [GeneratedRegex(@"\$\{[^}""\\]*\}?")]
    private static partial Regex Expression();

    [GeneratedRegex(@"/v3/conversations/[^/]+/activities$")]
    private static partial Regex ConversationActivities();
}
