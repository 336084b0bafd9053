using System.Text.Json.Nodes;
using CxBot.Features.Incidents;
using CxBot.Tests.Storage;
using static CxBot.Tests.Features.Incidents.IncidentCardReading;

namespace CxBot.Tests.Features.Incidents;

/// <summary><c>my incidents</c> and <c>team incidents</c>: open ones first, a switch to the closed ones, and a button per row that opens the incident's card.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class IncidentListsTests(AzuriteFixture azurite) : LocalBotTests(azurite)
{
    [Fact]
    public async Task MyIncidents_OpenFirstThenShowClosed_RowsSayCostAndOutcome()
    {
        var f = await new IncidentFlow(App, Connector).SetUpAsync();
        var open = Reference(await f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission("open", d => d.Remove("cost")))));
        var closed = Reference(await f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission("closed"))));
        await f.InvokeCardAsync(f.T.Execute(f.Manager, IncidentNames.Resolve, new JsonObject { ["reference"] = closed, ["rev"] = 1, ["text"] = "Refunded the delivery charge" }));

        var openList = IncidentFlow.Decoded(await f.ReplyAsync(f.T.PersonalText(f.Reporter, "my incidents")));
        var showClosed = Action(openList, "Show closed");
        var closedList = await f.InvokeCardAsync(f.T.Execute(f.Reporter, (string)showClosed["verb"]!, showClosed["data"]!.DeepClone().AsObject()));
        var showOpen = Action(closedList, "Show open");
        var backToOpen = await f.InvokeCardAsync(f.T.Execute(f.Reporter, (string)showOpen["verb"]!, showOpen["data"]!.DeepClone().AsObject()));
        var typedClosed = IncidentFlow.Decoded(await f.ReplyAsync(f.T.PersonalText(f.Reporter, "My incidents closed")));

        Assert.Contains("My open incidents", openList, StringComparison.Ordinal);
        Assert.Equal([open], References(openList));
        Assert.Contains("Estimated cost: not known", openList, StringComparison.Ordinal);
        Assert.DoesNotContain("0.00", openList, StringComparison.Ordinal);
        Assert.Equal($"Open {open} | Log an incident | Show closed", Buttons(openList));

        Assert.Contains("My closed incidents", closedList, StringComparison.Ordinal);
        Assert.Equal([closed], References(closedList));
        Assert.Contains("Outcome: Refunded the delivery charge", closedList, StringComparison.Ordinal);
        Assert.Contains("Estimated cost: GBP 45.50", closedList, StringComparison.Ordinal);
        Assert.Equal($"Open {closed} | Log an incident | Show open", Buttons(closedList));

        Assert.Contains("My open incidents", backToOpen, StringComparison.Ordinal);
        Assert.Equal([open], References(backToOpen));
        Assert.Contains("My closed incidents", typedClosed, StringComparison.Ordinal);
        Assert.Equal([closed], References(typedClosed));
    }

    [Fact]
    public async Task OpenButton_OnARow_CardArrivesAsANewMessageToActOn_OthersToldNotFound()
    {
        var f = await new IncidentFlow(App, Connector).SetUpAsync();
        var reference = Reference(await f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission("open-me"))));
        var list = IncidentFlow.Decoded(await f.ReplyAsync(f.T.PersonalText(f.Manager, "team incidents")));
        var openButton = Action(list, $"Open {reference}");

        var press = f.T.Execute(f.Manager, (string)openButton["verb"]!, openButton["data"]!.DeepClone().AsObject());
        var answer = await f.InvokeMessageAsync(press);
        var opened = IncidentFlow.Decoded(Connector.ReplyTo(press));
        var colleaguePress = f.T.Execute(f.Colleague, IncidentNames.OpenIncident, new JsonObject { ["reference"] = reference });
        var colleague = await f.InvokeMessageAsync(colleaguePress);
        var made = await f.InvokeMessageAsync(f.T.Execute(f.Manager, IncidentNames.OpenIncident, new JsonObject { ["reference"] = "INC-2026-' or 1 eq 1" }));

        Assert.Equal("Opened in a new message below.", answer);
        Assert.Contains($"{reference}: New", opened, StringComparison.Ordinal);
        Assert.Equal("Acknowledge (positive) | Assign | Add note | Customer recovered | Resolve | Decline (destructive)", Buttons(opened));
        Assert.Equal(IncidentTriage.NotFound, colleague);
        Assert.DoesNotContain(Connector.Requests, r => r.Json?["replyToId"]?.GetValue<string>() == colleaguePress["id"]!.GetValue<string>());
        Assert.Equal(IncidentTriage.NotFound, made);
    }

    [Fact]
    public async Task TeamIncidents_ClosedForManagers_FrontLineRefusedWhateverTheCardSays()
    {
        var f = await new IncidentFlow(App, Connector).SetUpAsync();
        var open = Reference(await f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission("team-open"))));
        var declined = Reference(await f.InvokeCardAsync(f.T.Execute(f.Colleague, IncidentNames.Submit, f.Submission("team-declined", d => d.Remove("cost")))));
        await f.InvokeCardAsync(f.T.Execute(f.Manager, IncidentNames.Decline, new JsonObject { ["reference"] = declined, ["rev"] = 1, ["text"] = "Reported twice" }));

        var openList = IncidentFlow.Decoded(await f.ReplyAsync(f.T.PersonalText(f.Manager, "team incidents")));
        var showClosed = Action(openList, "Show closed");
        var closedList = await f.InvokeCardAsync(f.T.Execute(f.Manager, (string)showClosed["verb"]!, showClosed["data"]!.DeepClone().AsObject()));
        var typedClosed = IncidentFlow.Decoded(await f.ReplyAsync(f.T.PersonalText(f.Manager, "team incidents closed")));
        var byColleague = await f.InvokeMessageAsync(f.T.Execute(f.Colleague, IncidentNames.List, new JsonObject { ["list"] = "team", ["closed"] = "true" }));
        var madeUpList = await f.InvokeCardAsync(f.T.Execute(f.Colleague, IncidentNames.List, new JsonObject { ["list"] = "everyone's", ["closed"] = "true" }));

        Assert.Equal([open], References(openList));
        Assert.Contains("Export CSV", openList, StringComparison.Ordinal);
        Assert.Contains("Closed incidents in your teams, last 4 weeks", closedList, StringComparison.Ordinal);
        Assert.Equal([declined], References(closedList));
        Assert.Contains("Outcome: Reported twice", closedList, StringComparison.Ordinal);
        Assert.Contains("Estimated cost: not known", closedList, StringComparison.Ordinal);
        Assert.Equal($"Open {declined} | Log an incident | Show open | Export CSV", Buttons(closedList));
        Assert.Equal([declined], References(typedClosed));
        Assert.Equal(IncidentRoutes.NotAManager, byColleague);

        // Anything but "team" is the caller's own list: the colleague sees only what they reported.
        Assert.Contains("My closed incidents", madeUpList, StringComparison.Ordinal);
        Assert.Equal([declined], References(madeUpList));
    }
}
