using System.Text.RegularExpressions;
using CxBot.Features.Incidents;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Features.Incidents;

/// <summary>High and critical incidents go to the team's channel once its managers asked for it there.</summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class IncidentChannelTests(AzuriteFixture azurite) : LocalBotTests(azurite)
{
    [Fact]
    public async Task PostIncidentsHere_ByManager_CriticalPostedReadOnlyLowNot_FrontLineRefused()
    {
        var f = await new IncidentFlow(App, Connector).SetUpAsync();

        await f.PostAsync(f.T.ChannelText(f.Colleague, "post incidents here"));
        await f.WaitForAsync("POST", "Only this team's managers");
        await f.PostAsync(f.T.ChannelText(f.Manager, "post incidents here"));
        await f.WaitForAsync("POST", "High and critical incidents of");

        var low = Reference().Match(await f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission("low", d => d["severity"] = "low")))).Value;
        var critical = Reference().Match(await f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission("critical", d => d["severity"] = "critical")))).Value;
        await f.WaitForAsync("POST", $"\"{low}: New\""); // the manager's card of the low one: delivery done
        var posted = await f.WaitForAsync("POST", $"\"{critical}: New\"");
        await WaitForChannelPostAsync(f);

        var inChannel = Connector.Requests.Where(r => (string?)r.Json?["conversation"]?["id"] == f.T.TeamId).Select(IncidentFlow.Decoded).Where(b => b.Contains("INC-", StringComparison.Ordinal)).ToList();
        var card = Assert.Single(inChannel);
        Assert.Contains(critical, card, StringComparison.Ordinal);
        Assert.DoesNotContain("\"Acknowledge\"", card, StringComparison.Ordinal);
        Assert.Contains(f.Manager, card, StringComparison.Ordinal); // refresh userIds: the manager gets buttons there
        Assert.NotNull(posted);
    }

    private async Task WaitForChannelPostAsync(IncidentFlow f)
    {
        for (var i = 0; i < 50 && !Connector.Requests.Any(r => (string?)r.Json?["conversation"]?["id"] == f.T.TeamId && r.Body.Contains("INC-", StringComparison.Ordinal)); i++)
        {
            await Connector.WaitForRequestsAsync(Connector.Requests.Count + 1, TimeSpan.FromSeconds(5));
        }
    }

    [GeneratedRegex("INC-\\d{4}-\\d{6}")]
    private static partial Regex Reference();
}
