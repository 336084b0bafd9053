using System.Text.Json.Nodes;
using CxBot.Features.Checkins;
using CxBot.Features.Setup;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests.Features.Checkins;

/// <summary>
/// A check-in end to end with the real Agents Playground: its user is a front-line member of a team whose shift has ended,
/// the scheduler sends the prompt through the send engine, the Playground shows it, and the answer comes back as a thank-you.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class CheckinsPlaygroundTests(AzuriteFixture azurite) : PlaygroundTests(azurite, null)
{
    [Fact]
    public async Task Playground_ScheduledPromptThenAnswer_ThanksCardAndCounted()
    {
        var config = await Playground.GetConfigAsync();
        var chat = config["personalChat"]!["id"]!.GetValue<string>();
        var user = config["currentUser"]!["id"]!.GetValue<string>();
        var aad = CxBot.Protocol.AadObjectIds.Normalise(config["currentUser"]!["aadObjectId"]?.GetValue<string>() ?? user);
        var tenant = (string?)config["tenantId"] ?? (string?)config["tenant"]?["id"] ?? BuiltInTenant;
        await Playground.InstallAsync(chat);
        await Playground.WaitForAsync(e => e.ToJsonString().Contains("Welcome to CxBot", StringComparison.Ordinal), Wait);

        // A team of one front-line member (the Playground's user) whose shift ended at midnight UTC: due at once today.
        // Through the setup service, as a change in Teams is made: the install's welcome has just read the tenant's setup, and a
        // write behind the service's back would leave that recent copy (SetupService.RecentFreshness) without the team.
        var target = new TargetVersion(new DateOnly(2020, 1, 1), 4);
        var seeded = await Bot.Services.GetRequiredService<SetupService>().ApplyAsync(new Caller(tenant, aad, null), "test.seed", (current, _) => new Change(current with
        {
            Journey = [new Touchpoint("store", 1, "In store", "At the till", "operations")],
            Standards = [new Standard("greet", "store", StandardKind.Soft, "Greeting", null, null, null, false, "How well did we greet every customer?", [target], null)],
            Teams = [new TeamSetup("playground-team", "Playground store", null, "UTC", TimeOnly.MinValue, [new TeamMember(aad, null, TeamRole.FrontLine)], [])],
        }, null, "seeded"), default);
        Assert.True(seeded.Applied, seeded.Message);
        await Bot.Services.GetRequiredService<CheckinSettingsStore>().SaveTeamAsync(tenant, "playground-team", new TeamCheckinSettings(true, [.. Enum.GetValues<DayOfWeek>()], TimeSpan.Zero), aad, DateTimeOffset.UtcNow, default);
        await Bot.Services.GetRequiredService<CheckinScheduler>().RunOnceAsync(default);
        var prompt = await Playground.WaitForAsync(e => e.ToJsonString().Contains("Check-in: Playground store", StringComparison.Ordinal), Wait);

        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        var (status, body) = await Playground.InvokeAsync(new JsonObject
        {
            ["name"] = "adaptiveCard/action",
            ["value"] = new JsonObject
            {
                ["action"] = new JsonObject
                {
                    ["type"] = "Action.Execute",
                    ["verb"] = CheckinNames.Answer,
                    ["data"] = new JsonObject { ["verb"] = CheckinNames.Answer, ["teamId"] = "playground-team", ["date"] = CheckinKeys.Date(today), ["q_greet"] = "5" },
                },
                ["trigger"] = "manual",
            },
            ["from"] = new JsonObject { ["id"] = user },
            ["conversation"] = new JsonObject { ["id"] = chat },
            ["replyToId"] = prompt["message"]?["messageId"]?.ToString(),
        });

        Assert.True(status == 200, body?.ToJsonString());
        Assert.Contains("Thanks, your check-in is in", body!.ToJsonString(), StringComparison.Ordinal);
        var week = await Bot.Services.GetRequiredService<ICheckinResults>().GetWeekAsync(tenant, "playground-team", today, default);
        Assert.Equal((1, 1, new ValueTotal(5, 1)), (week.Prompted, week.Answered, week.Values["greet"]));
        await AssertEverythingReadableAsync();
    }

    /// <summary>The built-in Playground's tenant, when its config does not name one.</summary>
    private const string BuiltInTenant = "00000000-0000-0000-0000-0000000000001";
}
