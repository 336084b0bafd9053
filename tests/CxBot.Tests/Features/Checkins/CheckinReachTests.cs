using System.Text.Json.Nodes;
using CxBot.Features.Checkins;
using CxBot.Testing;
using CxBot.Tests.Features.Incidents;
using CxBot.Tests.Features.Setup;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests.Features.Checkins;

/// <summary>
/// Every team member is prompted, including people who never opened CxBot: Teams lets the bot open a chat with any member of
/// a team it is in; and those whose prompt cannot be delivered are counted apart, with the reason, through the real send engine.
/// </summary>
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

    [Fact]
    public async Task Prompt_OneMemberNeverOpenedAndTeamsRefusesTheChatAnotherRemovedCxBot_WeekCountsOnlyTheDeliveredAndNamesBothWithTheirReason()
    {
        var f = new IncidentFlow(App, Connector).Named().WithRoster();
        await f.NeverOpensTheBot(f.Colleague).SetUpAsync();
        await f.RosterReadAsync();
        Connector.RefuseChatsWith(SetupActivities.UserIdOf(f.Colleague));
        var removed = f.T.PersonalInstall(f.Reporter);
        removed["action"] = "remove";
        await f.PostAsync(removed);
        await f.InvokeAsync(f.T.Execute(f.Manager, "setup.team.save", new JsonObject { ["timeZone"] = "UTC", ["shiftEnd"] = "00:00", ["managers"] = f.Manager }, inChannel: true));
        await App.Services.GetRequiredService<CheckinSettingsStore>().SaveTeamAsync(f.T.Tenant, f.T.TeamId, new TeamCheckinSettings(true, [.. Enum.GetValues<DayOfWeek>()], TimeSpan.Zero), f.Manager, DateTimeOffset.UtcNow, default);
        var scheduler = App.Services.GetRequiredService<CheckinScheduler>();
        var results = App.Services.GetRequiredService<ICheckinResults>();
        var store = App.Services.GetRequiredService<CheckinStore>();
        var today = DateOnly.FromDateTime(DateTime.UtcNow);

        // The durable send engine sends in the background; each scheduler pass records what it has settled so far.
        var week = CheckinWeek.Empty;
        var settled = await Poll.UntilAsync(
            async () =>
            {
                await scheduler.RunOnceAsync(default);
                week = await results.GetWeekAsync(f.T.Tenant, f.T.TeamId, today, default);
                return week.Prompted == 3 && week.Awaiting == 0;
            },
            TimeSpan.FromSeconds(20));
        Assert.True(settled, $"prompted {week.Prompted}, delivered {week.Delivered}, not reached {week.NotReachedDays}");
        await store.AnswerAsync(f.T.Tenant, f.T.TeamId, today, f.Admin, new Dictionary<string, double> { ["greet"] = 4 }, DateTimeOffset.UtcNow, default);
        for (var pass = 0; pass < 3; pass++)
        {
            await scheduler.RunOnceAsync(default); // again and again: nothing is counted twice
        }

        var after = await results.GetWeekAsync(f.T.Tenant, f.T.TeamId, today, default);
        var rows = await results.GetAnswersAsync(f.T.Tenant, f.T.TeamId, today, default);

        // The admin's prompt arrived; the colleague's chat could not be opened; the reporter removed CxBot.
        Assert.Equal((3, 1, 0), (week.Prompted, week.Delivered, week.Answered));
        var expected = new[] { (f.Colleague, NotReachedReason.NeverOpened, "never opened CxBot"), (f.Reporter, NotReachedReason.Blocked, "blocked or removed CxBot") }
            .OrderBy(p => p.Item1, StringComparer.Ordinal).Select(p => $"{p.Item1} {p.Item2} 1 {p.Item3}");
        Assert.Equal(expected, week.NotReached.Select(p => $"{p.UserId} {p.Reason} {p.Days} {p.Label}"));
        Assert.Equal((3, 1, 1, 2), (after.Prompted, after.Delivered, after.Answered, after.NotReachedDays));
        Assert.Equal(
            new[] { $"{f.Admin} Delivered  True", $"{f.Colleague} NotReached NeverOpened False", $"{f.Reporter} NotReached Blocked False" }.Order(StringComparer.Ordinal),
            rows.Select(r => $"{r.UserId} {r.Delivery} {r.NotReachedReason} {r.AnsweredAt is not null}").Order(StringComparer.Ordinal));
        Assert.Equal((after.Prompted, after.Delivered, after.Answered, after.NotReachedDays), CheckinStore.Recompute(rows) is var r ? (r.Prompted, r.Delivered, r.Answered, r.NotReachedDays) : default);
    }
}
