using System.Text;
using System.Text.Json.Nodes;
using CxBot.Features.Incidents;
using CxBot.Features.Setup;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using static CxBot.Tests.Features.Incidents.IncidentCardReading;

namespace CxBot.Tests.Features.Incidents;

/// <summary>
/// The estimated cost is optional: left empty it is stored as unknown and read "not known" on the card, in lists and in the
/// scorecard (an empty cell in the CSV), never 0.00; and the log form shows every problem at once with what was typed.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class IncidentCostTests(AzuriteFixture azurite) : LocalBotTests(azurite)
{
    [Fact]
    public async Task LogForm_CostLeftEmpty_StoredAsUnknownCardSaysNotKnown()
    {
        var f = await new IncidentFlow(App, Connector).SetUpAsync();

        var form = IncidentFlow.Decoded(await f.ReplyAsync(f.T.PersonalText(f.Reporter, "log incident")));
        var confirmation = await f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission("no-cost", d => d["cost"] = "")));
        var reference = Reference(confirmation);
        var stored = (await App.Services.GetRequiredService<IncidentStore>().FindAsync(f.T.Tenant, reference, default))!;

        var costInput = CostInput(form);
        Assert.Null(costInput["value"]);
        Assert.Equal("Estimated cost (GBP), if known", (string?)costInput["label"]);
        Assert.Equal("Leave empty if not known", (string?)costInput["placeholder"]);
        Assert.Null(stored.Incident.Cost);
        Assert.Contains("{\"title\":\"Estimated cost\",\"value\":\"not known\"}", confirmation, StringComparison.Ordinal);
        Assert.DoesNotContain("0.00", confirmation, StringComparison.Ordinal);
        Assert.Equal(new CounterDelta(1, 0, 0, 0, 0), await App.Services.GetRequiredService<IncidentStore>().CountersAsync(stored.PartitionKey, default));
    }

    [Fact]
    public async Task LogForm_SeveralBadFields_EveryProblemAtOnceTypedValuesKeptNothingStored()
    {
        var f = await new IncidentFlow(App, Connector).SetUpAsync();

        var card = await f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission("bad", d =>
        {
            d["date"] = "2999-01-01";
            d["severity"] = "catastrophic";
            d["recovered"] = "true";
            d["cost"] = "-3";
        })));

        Assert.Contains("Nothing was logged yet: please check the marked fields.", card, StringComparison.Ordinal);
        foreach (var problem in new[] { "That is in the future.", "Pick how badly the customer was affected.", "Say how the customer was recovered.", "Give a cost between 0 and 10,000,000." })
        {
            Assert.Contains(problem, card, StringComparison.Ordinal);
        }

        Assert.Contains("Delivery came 3 hours late; customer had taken the morning off. ${evil} \\\"quoted\\\"", card, StringComparison.Ordinal);
        Assert.Contains("\"value\":\"2999-01-01\"", card, StringComparison.Ordinal);
        Assert.Contains("\"value\":\"tools\"", card, StringComparison.Ordinal);
        Assert.Equal(-3, (decimal)CostInput(card)["value"]!);
        Assert.Contains("\"token\":\"bad\"", card, StringComparison.Ordinal);
        Assert.Empty(await App.Services.GetRequiredService<IncidentStore>().ByReporterAsync(f.T.Tenant, f.Reporter, 10, default));
    }

    [Fact]
    public async Task Scorecard_SomeIncidentsWithoutACost_CostOfFailureSaysAtLeastOrNotKnown()
    {
        var f = await new IncidentFlow(App, Connector).SetUpAsync();
        await f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission("unpriced", d => d.Remove("cost"))));

        var onlyUnknown = IncidentFlow.Decoded(await f.ReplyAsync(f.T.PersonalText(f.Manager, "scorecard")));
        await f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission("priced")));
        var someKnown = IncidentFlow.Decoded(await f.ReplyAsync(f.T.PersonalText(f.Manager, "scorecard")));

        Assert.Contains("{\"title\":\"Cost of failure\",\"value\":\"not known (1 incident without a cost)\"}", onlyUnknown, StringComparison.Ordinal);
        Assert.Contains("{\"title\":\"Cost of failure\",\"value\":\"at least GBP 45.50 (1 incident without a cost)\"}", someKnown, StringComparison.Ordinal);
    }

    [Fact]
    public void Csv_UnknownCost_EmptyCellsZeroCostKeptAsZero()
    {
        var team = new TeamSetup("19:team", "Store 42 – Leeds", null, "UTC", new TimeOnly(17, 30), [], []);
        var setup = TenantSetup.Empty with { Teams = [team] };
        var at = new DateTimeOffset(2026, 11, 23, 9, 40, 0, TimeSpan.Zero);
        Incident Priced(string reference, decimal? cost) => new(
            reference, "tenant", team.Id, team.Name, "user", "Sam Driver", "Late delivery", at, null, null, Severity.High, RootCause.Tools, false, null, cost, "GBP",
            IncidentStatus.New, null, at, at.AddHours(1), at.AddDays(1), null, 1, [], []);

        var lines = Encoding.UTF8.GetString(IncidentCsv.Write([Priced("INC-2026-000001", null), Priced("INC-2026-000002", 0m)], setup)).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);

        var header = lines[0].Split(',');
        var cost = Array.IndexOf(header, "Cost");
        Assert.Equal("Currency", header[cost + 1]);
        Assert.Equal(("", ""), (lines[1].Split(',')[cost], lines[1].Split(',')[cost + 1]));
        Assert.Equal(("0", "GBP"), (lines[2].Split(',')[cost], lines[2].Split(',')[cost + 1]));
    }

    /// <summary>The cost input, in a card or in the message carrying it.</summary>
    private static JsonObject CostInput(string cardOrMessage) => Assert.Single(Find(JsonNode.Parse(cardOrMessage)!, o => (string?)o["id"] == "cost"));

    private static IEnumerable<JsonObject> Find(JsonNode node, Func<JsonObject, bool> match) => node switch
    {
        JsonObject o => (match(o) ? [o] : Enumerable.Empty<JsonObject>()).Concat(o.SelectMany(p => p.Value is null ? [] : Find(p.Value, match))),
        JsonArray a => a.SelectMany(e => e is null ? [] : Find(e, match)),
        _ => [],
    };
}
