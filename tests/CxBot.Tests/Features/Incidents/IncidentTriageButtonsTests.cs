using System.Text.Json.Nodes;
using CxBot.Features.Incidents;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using static CxBot.Tests.Features.Incidents.IncidentCardReading;

namespace CxBot.Tests.Features.Incidents;

/// <summary>The triage card's buttons follow the incident's state: the next sensible step is the first, primary button.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class IncidentTriageButtonsTests(AzuriteFixture azurite) : LocalBotTests(azurite)
{
    [Fact]
    public async Task TriageCard_EachState_NextStepIsTheFirstPrimaryButtonAndClosedHasNone()
    {
        var f = await new IncidentFlow(App, Connector).SetUpAsync();
        var reference = Reference(await f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission("buttons"))));
        JsonObject Data(int rev, string? text = null, string? assignee = null) => new() { ["reference"] = reference, ["rev"] = rev, ["text"] = text, ["assignee"] = assignee };

        var fresh = await f.InvokeCardAsync(f.T.Execute(f.Manager, IncidentNames.Refresh, new JsonObject { ["reference"] = reference }));
        var acknowledged = await f.InvokeCardAsync(f.T.Execute(f.Manager, IncidentNames.Acknowledge, Data(1)));
        var recovered = await f.InvokeCardAsync(f.T.Execute(f.Manager, IncidentNames.Recovered, Data(2, "Voucher sent")));
        var assigned = await f.InvokeCardAsync(f.T.Execute(f.Manager, IncidentNames.Assign, Data(3, assignee: f.Colleague)));
        var resolved = await f.InvokeCardAsync(f.T.Execute(f.Colleague, IncidentNames.Resolve, Data(4, "Refunded the delivery charge")));
        var reporterView = await f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Refresh, new JsonObject { ["reference"] = reference }));

        Assert.Contains($"{reference}: New", fresh, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Due\",\"value\":\"Acknowledge by ", fresh, StringComparison.Ordinal);
        Assert.Equal("Acknowledge (positive) | Assign | Add note | Customer recovered | Resolve | Decline (destructive)", Buttons(fresh));

        Assert.Contains($"{reference}: Acknowledged", acknowledged, StringComparison.Ordinal);
        Assert.Contains("Acknowledged. The reporter has been told.", acknowledged, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Due\",\"value\":\"Resolve by ", acknowledged, StringComparison.Ordinal);
        Assert.Equal("Resolve (positive) | Assign | Add note | Customer recovered | Decline (destructive)", Buttons(acknowledged));

        // Once the customer is recovered, that button goes too; assigning moves it on to In progress, still Resolve first.
        Assert.Equal("Resolve (positive) | Assign | Add note | Decline (destructive)", Buttons(recovered));
        Assert.Contains($"{reference}: In progress", assigned, StringComparison.Ordinal);
        Assert.Equal("Resolve (positive) | Assign | Add note | Decline (destructive)", Buttons(assigned));

        Assert.Contains($"{reference}: Resolved", resolved, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Outcome\",\"value\":\"Refunded the delivery charge\"", resolved, StringComparison.Ordinal);
        Assert.Contains("\"title\":\"Due\",\"value\":\"Closed\"", resolved, StringComparison.Ordinal);
        Assert.Equal("", Buttons(resolved));
        Assert.DoesNotContain("Input.Text", resolved, StringComparison.Ordinal);
        Assert.Equal("", Buttons(reporterView));
        Assert.Contains($"{reference}: Resolved", reporterView, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Acknowledge_AlreadyAcknowledgedOrClosed_RefusedNothingChangesButtonsStay()
    {
        var f = await new IncidentFlow(App, Connector).SetUpAsync();
        var reference = Reference(await f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission("again"))));
        JsonObject Data(int rev, string? text = null) => new() { ["reference"] = reference, ["rev"] = rev, ["text"] = text };
        await f.InvokeCardAsync(f.T.Execute(f.Manager, IncidentNames.Acknowledge, Data(1)));
        var store = App.Services.GetRequiredService<IncidentStore>();

        // An Acknowledge sent at the current revision (an old client, crafted data) is refused, and the card keeps Resolve first.
        var twice = await f.InvokeCardAsync(f.T.Execute(f.Manager, IncidentNames.Acknowledge, Data(2)));
        var afterTwice = (await store.FindAsync(f.T.Tenant, reference, default))!.Incident;
        await f.InvokeCardAsync(f.T.Execute(f.Manager, IncidentNames.Decline, Data(2, "A duplicate of another report")));
        var acknowledgeClosed = await f.InvokeCardAsync(f.T.Execute(f.Manager, IncidentNames.Acknowledge, Data(3)));
        var afterClosed = (await store.FindAsync(f.T.Tenant, reference, default))!.Incident;

        Assert.Contains("The incident is already acknowledged.", twice, StringComparison.Ordinal);
        Assert.Equal("Resolve (positive) | Assign | Add note | Customer recovered | Decline (destructive)", Buttons(twice));
        Assert.Equal((IncidentStatus.Acknowledged, 2), (afterTwice.Status, afterTwice.Revision));
        Assert.Contains("The incident is already declined.", acknowledgeClosed, StringComparison.Ordinal);
        Assert.Equal("", Buttons(acknowledgeClosed));
        Assert.Equal((IncidentStatus.Declined, 3), (afterClosed.Status, afterClosed.Revision));
    }
}
