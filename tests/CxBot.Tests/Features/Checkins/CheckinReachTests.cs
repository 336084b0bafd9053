using System.Text.Json.Nodes;
using CxBot.Features.Checkins;
using CxBot.Testing;
using CxBot.Tests.Features.Incidents;
using CxBot.Tests.Features.Setup;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests.Features.Checkins;

/// <summary>Every team member is prompted, including people who never opened CxBot: Teams lets the bot open a chat with any member of a team it is in.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class CheckinReachTests(AzuriteFixture azurite) : LocalBotTests(azurite)
{
    [Fact]
    public async Task Prompt_FrontLineMemberWhoNeverOpenedTheBot_GetsItThroughAChatCreatedFromTheTeamRoster()
    {
        var f = new IncidentFlow(App, Connector).Named().WithRoster();
        await f.NeverOpensTheBot(f.Colleague).SetUpAsync();
        await f.RosterReadAsync();
        // Shift over at midnight UTC, check-ins on every day: the prompt is due at once.
        await f.InvokeAsync(f.T.Execute(f.Manager, "setup.team.save", new JsonObject { ["timeZone"] = "UTC", ["shiftEnd"] = "00:00", ["managers"] = f.Manager }, inChannel: true));
        await App.Services.GetRequiredService<CheckinSettingsStore>().SaveTeamAsync(f.T.Tenant, f.T.TeamId, new TeamCheckinSettings(true, [.. Enum.GetValues<DayOfWeek>()], TimeSpan.Zero), f.Manager, DateTimeOffset.UtcNow, default);

        await App.Services.GetRequiredService<CheckinScheduler>().RunOnceAsync(default);
        var created = await f.WaitForAsync("POST", SetupActivities.UserIdOf(f.Colleague));
        var prompt = await f.WaitForAsync("POST", "Check-in: Store 42");

        Assert.EndsWith("/v3/conversations", created.PathAndQuery, StringComparison.Ordinal);
        Assert.Equal(f.T.Tenant, created.Json!["channelData"]!["tenant"]!["id"]!.GetValue<string>());
        // Everyone in the team's roster but its manager is prompted (admin, reporter, colleague), the colleague in the new chat.
        List<string> Prompts() => [.. Connector.Requests.Where(r => r.Method == "POST" && IncidentFlow.Decoded(r).Contains("Check-in: Store 42", StringComparison.Ordinal)).Select(r => r.PathAndQuery)];
        Assert.True(await Poll.UntilAsync(() => Task.FromResult(Prompts().Count == 3), TimeSpan.FromSeconds(10)), string.Join('\n', Prompts()));
        Assert.Contains(Prompts(), p => p.Contains("/v3/conversations/a:fake-", StringComparison.Ordinal));
        var week = await App.Services.GetRequiredService<ICheckinResults>().GetWeekAsync(f.T.Tenant, f.T.TeamId, DateOnly.FromDateTime(DateTime.UtcNow), default);
        Assert.Equal(3, week.Prompted);
        Assert.Empty(VisibleText.Problems(prompt.Json));
    }
}
