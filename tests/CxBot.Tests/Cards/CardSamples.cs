using System.Text.Json.Nodes;
using CxBot.Testing;

namespace CxBot.Tests.Cards;

/// <summary>Every template with its sample data: the real ones in <c>cards/</c>, the test-only ones, and hostile text in the real templates.</summary>
internal static class CardSamples
{
    public static string CardsDirectory => Path.Combine(RepoPaths.Root, "cards");

    public static string SamplesDirectory => Path.Combine(RepoPaths.Root, "tests", "CxBot.Tests", "Cards", "Samples");

    /// <summary>The real templates, by name (e.g. <c>welcome/personal</c>), with their sample data.</summary>
    public static IReadOnlyDictionary<string, Sample> Real { get; } = Find(CardsDirectory);

    /// <summary>The test-only samples, the real templates bound to hostile user text, and the real ones.</summary>
    public static IReadOnlyDictionary<string, Sample> All { get; } = Real
        .Concat(Find(SamplesDirectory).Select(p => KeyValuePair.Create("samples/" + p.Key, p.Value)))
        .Concat(Hostile())
        .ToDictionary();

    public static TheoryData<string> Names(IEnumerable<string> names) => [.. names.Order(StringComparer.Ordinal)];

    private static Dictionary<string, Sample> Find(string directory) =>
        Directory.EnumerateFiles(directory, "*.json", SearchOption.AllDirectories)
            .Where(f => !f.EndsWith(".data.json", StringComparison.Ordinal))
            .ToDictionary(
                f => Path.ChangeExtension(Path.GetRelativePath(directory, f), null).Replace('\\', '/'),
                f => new Sample(f, Read(f), Read(Path.ChangeExtension(f, ".data.json"))));

    private static IEnumerable<KeyValuePair<string, Sample>> Hostile()
    {
        var texts = HostileText.All;
        var personal = Real["welcome/personal"];
        yield return KeyValuePair.Create("hostile/welcome/personal", personal with
        {
            Data = new JsonObject
            {
                ["heading"] = texts[0],
                ["line"] = texts[1],
                ["showIntro"] = true,
                // Every hostile text, in rows of at most 5 buttons: the SDK's default host config allows no more.
                ["groups"] = new JsonArray([.. texts.Chunk(3).Select((t, i) => new JsonObject
                {
                    ["actions"] = new JsonArray(new JsonObject { ["title"] = string.Concat(t), ["verb"] = "verb" + i, ["command"] = string.Concat(t) }),
                })]),
            },
        });
        var help = Real["help/help"];
        yield return KeyValuePair.Create("hostile/help/help", help with
        {
            Data = new JsonObject
            {
                ["line"] = string.Concat(texts),
                ["commands"] = new JsonArray([.. texts.Select(t => new JsonObject { ["command"] = t, ["description"] = t })]),
            },
        });
        var team = Real["welcome/team"];
        yield return KeyValuePair.Create("hostile/welcome/team", team with
        {
            Data = new JsonObject { ["title"] = texts[1], ["place"] = texts[4], ["inChat"] = false, ["installer"] = new JsonObject { ["id"] = texts[2], ["name"] = texts[3] } },
        });
    }

    private static JsonNode Read(string file) => JsonNode.Parse(File.ReadAllText(file))
        ?? throw new InvalidOperationException(file + " is empty");
}

/// <summary>A template file, its JSON, and the data to bind it to.</summary>
internal sealed record Sample(string File, JsonNode Template, JsonNode Data);
