using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CxBot.Features.Incidents;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests.Features.Incidents;

/// <summary>The incident flow through the real <c>/api/messages</c> endpoint in local mode, with messages read from the fake connector.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class IncidentsEndToEndTests(AzuriteFixture azurite) : LocalBotTests(azurite)
{
    [Fact]
    public async Task LogAcknowledgeResolve_ManagerGetsCardReporterToldEachTime_StoredWithHistoryAndCounters()
    {
        var f = await new IncidentFlow(App, Connector).SetUpAsync();

        var form = IncidentFlow.Decoded(await f.ReplyAsync(f.T.PersonalText(f.Reporter, "log incident")));
        Assert.Contains("Log an incident", form, StringComparison.Ordinal);
        var token = TokenIn().Match(form).Groups[1].Value;
        var confirmation = await f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission(token)));
        var reference = Reference().Match(confirmation).Value;
        Assert.Matches($"^INC-{DateTime.UtcNow.Year}-\\d{{6}}$", reference);
        Assert.Contains("${evil}", confirmation, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Acknowledge\"", confirmation, StringComparison.Ordinal);

        var managerCard = IncidentFlow.Decoded(await f.WaitForAsync("POST", "\"Acknowledge\""));
        Assert.Contains(reference, managerCard, StringComparison.Ordinal);
        Assert.Contains(f.Manager, managerCard, StringComparison.Ordinal); // refresh userIds

        var acknowledged = await f.InvokeCardAsync(f.T.Execute(f.Manager, IncidentNames.Acknowledge, new JsonObject { ["reference"] = reference, ["rev"] = 1 }));
        Assert.Contains("Acknowledged. The reporter has been told.", acknowledged, StringComparison.Ordinal);
        await f.WaitForAsync("POST", $"Your incident {reference} is now acknowledged.");

        var resolved = await f.InvokeCardAsync(f.T.Execute(f.Manager, IncidentNames.Resolve, new JsonObject { ["reference"] = reference, ["rev"] = 2, ["text"] = "Called back, refund sent" }));
        Assert.Contains($"{reference}: Resolved", resolved, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Resolve\"", resolved, StringComparison.Ordinal);
        await f.WaitForAsync("POST", $"Your incident {reference} is now resolved: Called back, refund sent");
        await f.WaitForAsync("PUT", "Resolved");

        var store = App.Services.GetRequiredService<IncidentStore>();
        var stored = (await store.FindAsync(f.T.Tenant, reference, default))!;
        Assert.Equal((IncidentStatus.Resolved, f.Manager, 3, 45.50m), (stored.Incident.Status, stored.Incident.OwnerId, stored.Incident.Revision, stored.Incident.Cost));
        Assert.Equal(["logged", "acknowledge", "resolve"], (await store.HistoryAsync(stored, default)).Select(h => h.Action));
        Assert.Equal(new CounterDelta(1, 1, 0, 0, 45.50m), await store.CountersAsync(stored.PartitionKey, default));
        Assert.Empty(await store.OpenAsync(f.T.Tenant, default));
    }

    [Fact]
    public async Task AddCopies_IncidentTriagedSinceTheCopyWasDrawn_CopyRedrawnWhenRecorded()
    {
        var f = await new IncidentFlow(App, Connector).SetUpAsync();
        var reference = Reference().Match(await f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission("late-copy")))).Value;
        await f.WaitForAsync("POST", "\"Acknowledge\"");
        var store = App.Services.GetRequiredService<IncidentStore>();
        var drawnAt = (await store.FindAsync(f.T.Tenant, reference, default))!;
        await f.InvokeCardAsync(f.T.Execute(f.Manager, IncidentNames.Acknowledge, new JsonObject { ["reference"] = reference, ["rev"] = 1 }));

        // A copy drawn before the acknowledge (at revision 1) and recorded only now, as when the card's POST is answered late:
        // the acknowledge's redraw could not reach it, so recording it redraws it.
        var late = new CardCopy(f.Colleague, Connector.ServiceUrl, "a:late-copy", "act-late-copy");
        var setup = await App.Services.GetRequiredService<CxBot.Features.Setup.SetupService>().GetAsync(f.T.Tenant, default);
        await App.Services.GetRequiredService<IncidentNotifier>().AddCopiesAsync(drawnAt, setup, [late], [], default);

        var redrawn = await f.WaitForAsync("PUT", "act-late-copy");
        Assert.Contains("act-late-copy", redrawn.PathAndQuery, StringComparison.Ordinal);
        Assert.Contains($"{reference}: Acknowledged", IncidentFlow.Decoded(redrawn), StringComparison.Ordinal);
        Assert.Contains((await store.FindAsync(f.T.Tenant, reference, default))!.Incident.Cards, c => c.ActivityId == "act-late-copy");
    }

    [Fact]
    public async Task Submit_DuplicatedInvokeAndDoubleClick_OneIncidentOneReference()
    {
        var f = await new IncidentFlow(App, Connector).SetUpAsync();
        var submit = f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission("click-1"));

        var first = Reference().Match(await f.InvokeCardAsync(submit)).Value;
        var again = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission("click-1")))));
        var next = Reference().Match(await f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission("click-2")))).Value;

        Assert.All(again, card => Assert.Contains(first, card, StringComparison.Ordinal));
        var mine = await App.Services.GetRequiredService<IncidentStore>().ByReporterAsync(f.T.Tenant, f.Reporter, 100, default);
        Assert.Equal([next, first], mine.Select(s => s.Incident.Reference));
        Assert.NotEqual(first, next);
    }

    [Theory]
    [InlineData("what", "", "Say what happened.")]
    [InlineData("teamId", "19:not-my-team", "Pick one of your teams.")]
    [InlineData("date", "2999-01-01", "That is in the future.")]
    [InlineData("date", "1999-01-01", "Log incidents within 90 days.")]
    [InlineData("time", "25:99", "Give the date and time it happened.")]
    [InlineData("severity", "catastrophic", "Pick how badly the customer was affected.")]
    [InlineData("rootCause", "gremlins", "Pick the most likely root cause.")]
    [InlineData("touchpointId", "nowhere", "Pick a touchpoint from the list.")]
    [InlineData("standardId", "made-up", "Pick a standard from the list.")]
    [InlineData("recovered", "true", "Say how the customer was recovered.")]
    [InlineData("cost", "-3", "Give a cost between 0 and 10,000,000.")]
    [InlineData("cost", "lots", "Give the cost as a number.")]
    public async Task Submit_BadField_CardBackWithProblemMarkedNothingStored(string field, string value, string problem)
    {
        var f = await new IncidentFlow(App, Connector).SetUpAsync();

        var card = await f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission("bad", d => d[field] = value)));

        Assert.Contains(problem, card, StringComparison.Ordinal);
        Assert.Contains("Nothing was logged yet", card, StringComparison.Ordinal);
        Assert.Empty(await App.Services.GetRequiredService<IncidentStore>().ByReporterAsync(f.T.Tenant, f.Reporter, 10, default));
    }

    [Fact]
    public async Task Triage_ByReporterColleagueOrStaleCard_RefusedAndUnchanged()
    {
        var f = await new IncidentFlow(App, Connector).SetUpAsync();
        var reference = Reference().Match(await f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission("t")))).Value;
        JsonObject Resolve(int rev) => new() { ["reference"] = reference, ["rev"] = rev, ["text"] = "done" };

        var byReporter = await f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Resolve, Resolve(1)));
        var byColleague = await f.InvokeMessageAsync(f.T.Execute(f.Colleague, IncidentNames.Resolve, Resolve(1)));
        var colleagueRefresh = await f.InvokeMessageAsync(f.T.Execute(f.Colleague, IncidentNames.Refresh, new JsonObject { ["reference"] = reference }));
        var stale = await f.InvokeCardAsync(f.T.Execute(f.Manager, IncidentNames.Resolve, Resolve(7)));
        var noText = await f.InvokeCardAsync(f.T.Execute(f.Manager, IncidentNames.Decline, new JsonObject { ["reference"] = reference, ["rev"] = 1 }));
        var managerRefresh = await f.InvokeCardAsync(f.T.Execute(f.Manager, IncidentNames.Refresh, new JsonObject { ["reference"] = reference }));

        Assert.Contains(IncidentTriage.NotAllowed, byReporter, StringComparison.Ordinal);
        Assert.Equal(IncidentTriage.NotFound, byColleague);
        Assert.Equal(IncidentTriage.NotFound, colleagueRefresh);
        Assert.Contains(IncidentTriage.Stale, stale, StringComparison.Ordinal);
        Assert.Contains("Give the reason for declining it.", noText, StringComparison.Ordinal);
        Assert.Contains("\"Resolve\"", managerRefresh, StringComparison.Ordinal);
        var stored = (await App.Services.GetRequiredService<IncidentStore>().FindAsync(f.T.Tenant, reference, default))!;
        Assert.Equal((IncidentStatus.New, 1), (stored.Incident.Status, stored.Incident.Revision));
    }

    [Fact]
    public async Task NoteRecoveredAssign_ByManager_HistoryCountersAndOwnerFollow()
    {
        var f = await new IncidentFlow(App, Connector).SetUpAsync();
        var reference = Reference().Match(await f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission("n")))).Value;
        JsonObject Data(int rev, string? text = null, string? assignee = null) => new() { ["reference"] = reference, ["rev"] = rev, ["text"] = text, ["assignee"] = assignee };

        var noText = await f.InvokeCardAsync(f.T.Execute(f.Manager, IncidentNames.Recovered, Data(1)));
        var noted = await f.InvokeCardAsync(f.T.Execute(f.Manager, IncidentNames.Note, Data(1, "Customer called twice")));
        var recovered = await f.InvokeCardAsync(f.T.Execute(f.Manager, IncidentNames.Recovered, Data(2, "Voucher sent")));
        var outsider = await f.InvokeCardAsync(f.T.Execute(f.Manager, IncidentNames.Assign, Data(3, assignee: Guid.NewGuid().ToString())));
        var assigned = await f.InvokeCardAsync(f.T.Execute(f.Manager, IncidentNames.Assign, Data(3, assignee: f.Colleague)));
        var byOwner = await f.InvokeCardAsync(f.T.Execute(f.Colleague, IncidentNames.Resolve, Data(4, "Refunded")));

        Assert.Contains("Say how the customer was recovered.", noText, StringComparison.Ordinal);
        Assert.Contains("note by", noted, StringComparison.Ordinal);
        Assert.Contains("Recovered: Voucher sent", recovered, StringComparison.Ordinal);
        Assert.Contains(IncidentTriage.NotInTeam, outsider, StringComparison.Ordinal);
        Assert.Contains("In progress", assigned, StringComparison.Ordinal);
        Assert.Contains($"{reference}: Resolved", byOwner, StringComparison.Ordinal);
        var store = App.Services.GetRequiredService<IncidentStore>();
        var stored = (await store.FindAsync(f.T.Tenant, reference, default))!;
        Assert.Equal(["logged", "note", "recovered", "assign", "resolve"], (await store.HistoryAsync(stored, default)).Select(h => h.Action));
        Assert.Equal(new CounterDelta(1, 1, 0, 1, 45.50m), await store.CountersAsync(stored.PartitionKey, default));
        Assert.Equal(f.Colleague, stored.Incident.OwnerId);
    }

    [Fact]
    public async Task Lists_MyAndTeamIncidents_OpenOnesForReporterAndManagerOnly()
    {
        var f = await new IncidentFlow(App, Connector).SetUpAsync();
        var one = Reference().Match(await f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission("a")))).Value;
        var two = Reference().Match(await f.InvokeCardAsync(f.T.Execute(f.Colleague, IncidentNames.Submit, f.Submission("b")))).Value;
        await f.InvokeCardAsync(f.T.Execute(f.Manager, IncidentNames.Decline, new JsonObject { ["reference"] = two, ["rev"] = 1, ["text"] = "duplicate" }));

        await f.PostAsync(f.T.PersonalText(f.Reporter, "my incidents"));
        await f.PostAsync(f.T.PersonalText(f.Manager, "team incidents"));
        await f.PostAsync(f.T.PersonalText(f.Colleague, "team incidents"));

        // Background deliveries interleave with the replies: find each reply by its title.
        var mine = IncidentFlow.Decoded(await f.WaitForAsync("POST", "My open incidents"));
        var team = IncidentFlow.Decoded(await f.WaitForAsync("POST", "Open incidents in your teams"));
        await f.WaitForAsync("POST", "Only a team's managers (or a CxBot admin) can see its incidents.");

        Assert.Contains(one, mine, StringComparison.Ordinal);
        Assert.Contains(one, team, StringComparison.Ordinal);
        Assert.DoesNotContain(two, team, StringComparison.Ordinal);
    }

    [Fact]
    public async Task MyIncidents_MoreThanAScreenfulSomeClosed_NewestOpenShownAndMoreOnlyWhenMoreAreOpen()
    {
        var f = await new IncidentFlow(App, Connector).SetUpAsync();
        var logged = new List<string>();
        for (var n = 0; n < IncidentRoutes.MaxListed + 2; n++)
        {
            logged.Add(Reference().Match(await f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission("many-" + n, d => d["severity"] = "low")))).Value);
        }

        string[] declined = [logged[^1], logged[3]];
        foreach (var reference in declined)
        {
            await f.InvokeCardAsync(f.T.Execute(f.Manager, IncidentNames.Decline, new JsonObject { ["reference"] = reference, ["rev"] = 1, ["text"] = "duplicate" }));
        }

        await f.PostAsync(f.T.PersonalText(f.Reporter, "my incidents"));
        var exactlyAScreenful = IncidentFlow.Decoded(await f.WaitForAsync("POST", "My open incidents"));
        var extra = Reference().Match(await f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission("many-extra", d => d["severity"] = "low")))).Value;
        var before = Connector.Requests.Count;
        await f.PostAsync(f.T.PersonalText(f.Reporter, "my incidents"));
        var more = IncidentFlow.Decoded(Connector.Requests.Skip(before).First(r => IncidentFlow.Decoded(r).Contains("My open incidents", StringComparison.Ordinal)));

        Assert.Equal(logged.Except(declined).Order(StringComparer.Ordinal), Reference().Matches(exactlyAScreenful).Select(m => m.Value).Distinct().Order(StringComparer.Ordinal));
        Assert.DoesNotContain("Showing the latest", exactlyAScreenful, StringComparison.Ordinal);
        Assert.Contains(extra, more, StringComparison.Ordinal);
        Assert.DoesNotContain(logged[0], more, StringComparison.Ordinal);
        Assert.Contains($"Showing the latest {IncidentRoutes.MaxListed}.", more, StringComparison.Ordinal);
    }

    [GeneratedRegex("INC-\\d{4}-\\d{6}")]
    private static partial Regex Reference();

    [GeneratedRegex("\"token\":\"([^\"]+)\"")]
    private static partial Regex TokenIn();
}
