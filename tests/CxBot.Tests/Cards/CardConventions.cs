using System.Text.Json.Nodes;

namespace CxBot.Tests.Cards;

/// <summary>The Teams card conventions (platform.md §5), as findings about one card.</summary>
internal static class CardConventions
{
    private static readonly string[] TextInputs = ["Input.Text"];

    public static List<string> Check(JsonObject card)
    {
        var findings = new List<string>();
        Expect(findings, (string?)card["version"] == "1.5", "version must be \"1.5\"");
        Expect(findings, card["$schema"] is not null, "$schema is missing");
        var nodes = Descendants(card).ToList();
        var needsFullWidth = nodes.Any(o => Type(o) is "Table" || Type(o)?.StartsWith("Chart.", StringComparison.Ordinal) == true);
        Expect(findings, !needsFullWidth || (string?)card["msteams"]?["width"] == "Full", "a card with a table or chart needs msteams.width Full");
        var mentions = nodes.Any(o => o["text"] is JsonValue t && t.ToString().Contains("<at>", StringComparison.Ordinal));
        Expect(findings, !mentions || card["msteams"]?["entities"] is JsonArray { Count: > 0 }, "a mention needs msteams.entities");
        foreach (var node in nodes)
        {
            CheckElement(node, findings);
        }

        return findings;
    }

    private static void CheckElement(JsonObject node, List<string> findings)
    {
        var type = Type(node);
        var id = (string?)node["id"] ?? (string?)node["title"] ?? type;
        if (type == "Action.Execute")
        {
            var verb = (string?)node["verb"];
            Expect(findings, !string.IsNullOrEmpty(verb) && node["data"] is JsonObject, $"{id}: Action.Execute needs a verb and data");
            Expect(findings, node["fallback"] is JsonObject { } f && Type(f) == "Action.Submit" && (string?)f["data"]?["verb"] == verb, $"{id}: Action.Execute needs an Action.Submit fallback with the same verb in its data");
        }

        if (type == "Action.Submit")
        {
            Expect(findings, node["data"]?["verb"] is not null, $"{id}: Action.Submit needs a verb in its data");
        }

        if (type?.StartsWith("Input.", StringComparison.Ordinal) == true)
        {
            Expect(findings, node["label"] is not null, $"{id}: an input needs a label");
            Expect(findings, (bool?)node["isRequired"] != true || node["errorMessage"] is not null, $"{id}: a required input needs an errorMessage");
            Expect(findings, !TextInputs.Contains(type) || node["maxLength"] is not null, $"{id}: a text input needs maxLength");
        }

        if (type?.StartsWith("Chart.", StringComparison.Ordinal) == true)
        {
            Expect(findings, node["fallback"] is JsonObject, $"{id}: a chart needs a fallback element");
        }
    }

    private static string? Type(JsonObject node) => node["type"] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static IEnumerable<JsonObject> Descendants(JsonNode? node) => node switch
    {
        JsonObject o => new[] { o }.Concat(o.SelectMany(p => Descendants(p.Value))),
        JsonArray a => a.SelectMany(Descendants),
        _ => [],
    };

    private static void Expect(List<string> findings, bool condition, string finding)
    {
        if (!condition)
        {
            findings.Add(finding);
        }
    }
}
