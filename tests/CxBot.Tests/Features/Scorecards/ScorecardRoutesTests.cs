using System.Text.Json.Nodes;
using CxBot.Features.Scorecards;
using CxBot.Protocol.FileConsent;
using CxBot.Tests.Features.Incidents;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Features.Scorecards;

/// <summary><c>scorecard</c> and the card's CSV export through <c>/api/messages</c> in local mode.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ScorecardRoutesTests(AzuriteFixture azurite) : LocalBotTests(azurite)
{
    [Fact]
    public async Task Scorecard_Manager_SeesTheWeekSoFarWithTheIncident_FrontLineIsRefused()
    {
        var f = await new IncidentFlow(App, Connector).SetUpAsync();
        await f.InvokeCardAsync(f.T.Execute(f.Reporter, CxBot.Features.Incidents.IncidentNames.Submit, f.Submission("sc-1")));

        var card = IncidentFlow.Decoded(await f.ReplyAsync(f.T.PersonalText(f.Manager, "scorecard")));
        var refused = IncidentFlow.Decoded(await f.ReplyAsync(f.T.PersonalText(f.Reporter, "scorecard")));

        Assert.Contains("Standards scorecard · ", card, StringComparison.Ordinal);
        Assert.Contains("so far, as of", card, StringComparison.Ordinal);
        Assert.Contains("{\"title\":\"Logged\",\"value\":\"1\"}", card, StringComparison.Ordinal);
        Assert.Contains("{\"title\":\"Cost of failure\",\"value\":\"GBP 45.50\"}", card, StringComparison.Ordinal);
        Assert.Contains(ScorecardRoutes.NothingToShow, refused, StringComparison.Ordinal);
        Assert.DoesNotContain("Standards scorecard", refused, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_ManagerOwnTeam_ConsentCardSent_OtherScopeRefused()
    {
        var f = await new IncidentFlow(App, Connector).SetUpAsync();
        await f.ReplyAsync(f.T.PersonalText(f.Manager, "scorecard"));
        var week = ScorecardWeek.Label(ScorecardWeek.MondayOf(DateTimeOffset.UtcNow, TimeZoneInfo.Utc));

        var sent = await f.InvokeMessageAsync(f.T.Execute(f.Manager, ScorecardNames.Export, new JsonObject { ["week"] = week, ["scope"] = f.T.TeamId }));
        var consent = await f.WaitForAsync("POST", "application/vnd.microsoft.teams.card.file.consent");
        var organisation = await f.InvokeMessageAsync(f.T.Execute(f.Manager, ScorecardNames.Export, new JsonObject { ["week"] = week, ["scope"] = "*" }));
        var badWeek = await f.InvokeMessageAsync(f.T.Execute(f.Manager, ScorecardNames.Export, new JsonObject { ["week"] = "2026-W99", ["scope"] = f.T.TeamId }));

        Assert.Equal(FileConsentNames.Sent, sent);
        Assert.Contains($"scorecard-{week}.csv", IncidentFlow.Decoded(consent), StringComparison.Ordinal);
        Assert.Equal(ScorecardRoutes.NothingToShow, organisation);
        Assert.Equal(ScorecardRoutes.BadWeek, badWeek);
    }
}
