using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Xunit.Abstractions;

namespace CxBot.Tests.EndToEnd;

/// <summary>
/// <c>npm start</c>'s demo team as a person finds it: four named people of one tenant, each in their own Playground on the
/// port the demo says; the admin's <c>scorecard</c> shows the seeded incidents, cost, ideas and shout-outs; a second start on
/// the same data seeds nothing and shows the same figures.
/// </summary>
public sealed partial class DemoTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan StartWithin = TimeSpan.FromSeconds(120);
    private static readonly (string Name, string Key)[] People = [("Ada Admin", "ada"), ("Mona Manager", "mona"), ("Rita Reporter", "rita"), ("Cole Colleague", "cole")];
    /// <summary>The demo organisation has one team, so its scorecard is one card: the organisation's.</summary>
    private const string Organisation = "Harbourside Retail";

    private readonly string _data = Directory.CreateTempSubdirectory("cxbot-demo-").FullName;

    public void Dispose() => Directory.Delete(_data, recursive: true);

    [Fact]
    public async Task NpmStart_FreshThenAgain_FourNamedPeopleEachInTheirPlaygroundAndAScorecardWithFigures()
    {
        Dictionary<string, string> first;
        await using (var demo = await DemoRun.StartAsync(_data, StartWithin))
        {
            output.WriteLine(demo.Output);
            Assert.Contains("Seeding the demo", demo.Output, StringComparison.Ordinal);
            await EachPersonHasTheirPlaygroundAsync(demo);
            first = await ScorecardAsync(demo);

            Assert.True(Amount(first, "Logged") > 0, $"No incidents logged: {Describe(first)}");
            Assert.True(Amount(first, "Cost of failure") > 0, $"No cost of failure: {Describe(first)}");
            Assert.True(Amount(first, "Shout-outs given") > 0, $"No shout-outs: {Describe(first)}");
            Assert.True(Amount(first, "Submitted") > 0, $"No ideas: {Describe(first)}");
            Assert.True(Amount(first, "Implemented") > 0, $"No implemented idea: {Describe(first)}");
        }

        await using (var again = await DemoRun.StartAsync(_data, StartWithin))
        {
            output.WriteLine(again.Output);
            Assert.Contains("already seeded", again.Output, StringComparison.Ordinal);
            Assert.DoesNotContain("Seeding the demo", again.Output, StringComparison.Ordinal);
            await EachPersonHasTheirPlaygroundAsync(again);
            var kept = await ScorecardAsync(again);
            Assert.Equal(Describe(first), Describe(kept));
        }
    }

    /// <summary>The demo names each person's port, and that Playground's current user is that person, with an Entra object id, in one tenant with the others.</summary>
    private static async Task EachPersonHasTheirPlaygroundAsync(DemoRun demo)
    {
        Assert.Equal(People.Select((p, i) => (demo.PlaygroundPorts[i], p.Name)), demo.WhoIsWho());
        HashSet<string> tenants = [];
        foreach (var (port, name) in demo.WhoIsWho())
        {
            var config = await DemoRun.ConfigAsync(port);
            var me = config["currentUser"]!;
            Assert.Equal(name, me["name"]?.ToString());
            Assert.True(Guid.TryParse(me["aadObjectId"]?.ToString(), out _), $"{name} has no Entra object id: {me.ToJsonString()}");
            var others = config["users"]!.AsArray().Select(u => u!["name"]!.ToString()).ToList();
            Assert.All(People.Where(p => p.Name != name), p => Assert.Contains(p.Name, others));
            tenants.Add(config["tenantId"]!.ToString());
        }

        Assert.Single(tenants);
    }

    /// <summary>Ada (admin) types <c>scorecard</c> in her chat; the figures of the organisation's card (its one team's), by their titles.</summary>
    private static async Task<Dictionary<string, string>> ScorecardAsync(DemoRun demo)
    {
        var ada = await DemoRun.ConfigAsync(demo.PlaygroundPorts[0]);
        var adaId = ada["currentUser"]!["id"]!.ToString();
        var messages = await DemoRun.TypeAsync(demo.PlaygroundPorts[0], "personal-chat-ada", adaId, "scorecard", m => m.Any(IsOrganisationScorecard), TimeSpan.FromSeconds(20));
        var card = messages.FirstOrDefault(IsOrganisationScorecard)
            ?? throw new InvalidOperationException($"No scorecard of {Organisation} in Ada's chat: {string.Join('\n', messages.Select(m => m.ToJsonString()))}");
        return Objects(card).Where(o => o["facts"] is JsonArray).SelectMany(o => o["facts"]!.AsArray())
            .Select(f => (Title: f?["title"]?.ToString(), Value: f?["value"]?.ToString()))
            .Where(f => f.Title is not null && f.Value is not null)
            .GroupBy(f => f.Title!).ToDictionary(g => g.Key, g => g.First().Value!);
    }

    private static bool IsOrganisationScorecard(JsonNode message) =>
        Objects(message).Any(o => o["facts"] is JsonArray) && Objects(message).Any(o => o["text"]?.ToString().EndsWith(Organisation, StringComparison.Ordinal) == true);

    /// <summary>The first number in a figure ("GBP 165.00" → 165, "2" → 2); 0 when it has none.</summary>
    private static decimal Amount(Dictionary<string, string> figures, string title) =>
        figures.TryGetValue(title, out var value) && Number().Match(value.Replace(",", "", StringComparison.Ordinal)) is { Success: true } m
            ? decimal.Parse(m.Value, CultureInfo.InvariantCulture) : 0;

    private static string Describe(Dictionary<string, string> figures) =>
        string.Join("; ", figures.Where(f => f.Key is "Logged" or "Cost of failure" or "Shout-outs given" or "Submitted" or "Implemented" or "Still open").OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key}: {f.Value}"));

    /// <summary>Every object in the tree; a card may travel as a JSON string.</summary>
    private static IEnumerable<JsonObject> Objects(JsonNode? node) => node switch
    {
        JsonObject o => [o, .. o.SelectMany(p => Objects(p.Value))],
        JsonArray a => a.SelectMany(Objects),
        JsonValue v when v.TryGetValue<string>(out var text) && text.TrimStart().StartsWith('{') => Objects(JsonNode.Parse(text)),
        _ => [],
    };

    [GeneratedRegex(@"\d+(\.\d+)?")]
    private static partial Regex Number();
}
