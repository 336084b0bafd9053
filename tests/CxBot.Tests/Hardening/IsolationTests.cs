using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CxBot.Features.Ideas;
using CxBot.Features.Incidents;
using CxBot.Storage;
using CxBot.Testing;
using CxBot.Tests.Features.Ideas;
using CxBot.Tests.Features.Incidents;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests.Hardening;

/// <summary>
/// Crafted invokes and texts aimed at another tenant's, another team's or another person's records, and at manager- and
/// admin-only actions by the wrong people, by card (Action.Execute), by Action.Submit and by typed text: each is refused and
/// the target's rows stay exactly as they were. Also the service URL allow-list and forged tenant and user fields in card data.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed partial class IsolationTests(AzuriteFixture azurite)
{
    private const string VictimText = "VICTIM-ONLY: the fridge failed and the customer's order was lost.";

    [Fact]
    public async Task CraftedActions_OtherTenantTeamOrPerson_RefusedAndNothingChanged()
    {
        await using var bot = await HardenedBot.StartAsync(azurite, authenticated: true);
        var victim = await new IncidentFlow(bot.App, bot.Connector, bot.Authorization).SetUpAsync();
        var reference = Reference().Match(await victim.InvokeCardAsync(victim.T.Execute(victim.Reporter, IncidentNames.Submit, victim.Submission("v1", d => d["what"] = VictimText)))).Value;
        await victim.DeliveredAsync(reference); // the manager's card (with the victim's text) is sent and its copy stored before "before"
        var ideas = await new IdeaTeam(bot.App, bot.Connector, bot.Authorization).SetUpAsync();
        var ideaId = IdeaTeam.IdeaIdOf(await ideas.SubmitAsync(ideas.Member, IdeaTeam.Form("vi", ideas.T.TeamId, problem: VictimText)));
        var attacker = await new IncidentFlow(bot.App, bot.Connector, bot.Authorization).SetUpAsync();
        var tenants = new[] { victim.T.Tenant, ideas.T.Tenant };
        // The victims' own colleagues act below: the people record keeps the name each sends (their own row, their own tenant).
        string[] senders = [victim.Colleague, ideas.Colleague];
        var before = Rows(await StoredRow.ReadAllAsync(bot.App.Services), tenants, senders);
        var sentBefore = bot.Connector.Requests.Count;

        var answers = new List<string>();
        foreach (var verb in new[] { IncidentNames.Acknowledge, IncidentNames.Resolve, IncidentNames.Decline, IncidentNames.Note, IncidentNames.Assign, IncidentNames.Refresh })
        {
            var data = new JsonObject { ["reference"] = reference, ["rev"] = 1, ["text"] = "crafted", ["assignee"] = attacker.Manager, ["tenantId"] = victim.T.Tenant, ["teamId"] = victim.T.TeamId };

            // Another tenant's manager and admin, naming the victim's reference, tenant and team in the data.
            answers.Add(await AnswerAsync(bot, attacker.T.Execute(attacker.Manager, verb, data.DeepClone().AsObject())));
            answers.Add(await AnswerAsync(bot, attacker.T.Execute(attacker.Admin, verb, data.DeepClone().AsObject(), inChannel: true)));

            // The same tenant's front-line colleague (not a manager): manager-only, by card and by Action.Submit.
            answers.Add(await AnswerAsync(bot, victim.T.Execute(victim.Colleague, verb, data.DeepClone().AsObject())));
            answers.Add(await AnswerAsync(bot, Submit(victim.T.Execute(victim.Colleague, verb, data.DeepClone().AsObject()))));
        }

        foreach (var (verb, extra) in new[] { (IdeaNames.Decide, new JsonObject { ["status"] = "accepted", ["reason"] = "crafted" }), (IdeaNames.Withdraw, []), (IdeaNames.Save, new JsonObject { ["problem"] = "changed", ["proposal"] = "changed" }), (IdeaNames.Comment, new JsonObject { ["comment"] = "crafted" }), (IdeaNames.Vote, []) })
        {
            var data = extra.DeepClone().AsObject();
            data["ideaId"] = ideaId;
            answers.Add(await AnswerAsync(bot, attacker.T.Execute(attacker.Manager, verb, data.DeepClone().AsObject(), inChannel: true)));
            if (verb is IdeaNames.Decide or IdeaNames.Withdraw or IdeaNames.Save)
            {
                // Manager-only (decide) and submitter-only (withdraw, save) in the idea's own team.
                answers.Add(await AnswerAsync(bot, ideas.T.Execute(ideas.Colleague, verb, data.DeepClone().AsObject(), inChannel: true)));
                answers.Add(await AnswerAsync(bot, Submit(ideas.T.Execute(ideas.Colleague, verb, data.DeepClone().AsObject(), inChannel: true))));
            }
        }

        // Admin-only setup by a front-line member: card, Action.Submit and typed text.
        answers.Add(await AnswerAsync(bot, victim.T.Execute(victim.Colleague, "setup.admin.add", new JsonObject { ["adminId"] = victim.Colleague })));
        answers.Add(await AnswerAsync(bot, Submit(victim.T.Execute(victim.Colleague, "setup.admin.add", new JsonObject { ["adminId"] = victim.Colleague }))));
        answers.Add(await AnswerAsync(bot, victim.T.Execute(victim.Colleague, "setup.org.save", new JsonObject { ["timeZone"] = "UTC", ["currency"] = "EUR" })));
        answers.Add(await AnswerAsync(bot, victim.T.PersonalText(victim.Colleague, "setup")));
        answers.Add(await AnswerAsync(bot, victim.T.ChannelText(victim.Colleague, "post incidents here")));

        // Another tenant's user listing "their" team's incidents while naming the victim's team.
        answers.Add(await AnswerAsync(bot, attacker.T.PersonalText(attacker.Manager, "team incidents " + victim.T.TeamId)));

        Assert.Equal(before, Rows(await StoredRow.ReadAllAsync(bot.App.Services), tenants, senders));
        Assert.DoesNotContain(answers, a => a.Contains("VICTIM-ONLY", StringComparison.Ordinal));
        Assert.DoesNotContain(bot.Connector.Requests.Skip(sentBefore), r => r.Body.Contains("VICTIM-ONLY", StringComparison.Ordinal));
        Assert.DoesNotContain(bot.Logs.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Error);
    }

    [Fact]
    public async Task Submit_ForgedTenantAndUserInCardData_StoredForTheCallerOnly()
    {
        await using var bot = await HardenedBot.StartAsync(azurite, authenticated: true);
        var victim = await new IncidentFlow(bot.App, bot.Connector, bot.Authorization).SetUpAsync();
        var attacker = await new IncidentFlow(bot.App, bot.Connector, bot.Authorization).SetUpAsync();
        var before = Rows(await StoredRow.ReadAllAsync(bot.App.Services), [victim.T.Tenant]);

        var card = await attacker.InvokeCardAsync(attacker.T.Execute(attacker.Reporter, IncidentNames.Submit, attacker.Submission("forged", d =>
        {
            d["tenantId"] = victim.T.Tenant;
            d["aadObjectId"] = victim.Reporter;
            d["reporterId"] = victim.Reporter;
        })));
        var reference = Reference().Match(card).Value;

        var stored = await bot.App.Services.GetRequiredService<IncidentStore>().FindAsync(attacker.T.Tenant, reference, default);
        Assert.Equal((attacker.T.Tenant, attacker.Reporter, attacker.T.TeamId), (stored!.Incident.TenantId, stored.Incident.ReporterId, stored.Incident.TeamId));
        Assert.Equal(before, Rows(await StoredRow.ReadAllAsync(bot.App.Services), [victim.T.Tenant]));

        // And naming the victim's team as the incident's team is refused.
        var refused = await attacker.InvokeCardAsync(attacker.T.Execute(attacker.Reporter, IncidentNames.Submit, attacker.Submission("forged-2", d => d["teamId"] = victim.T.TeamId)));
        Assert.Contains("Pick one of your teams.", refused, StringComparison.Ordinal);
        Assert.Equal(before, Rows(await StoredRow.ReadAllAsync(bot.App.Services), [victim.T.Tenant]));
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("http://169.254.169.254/latest/")]
    [InlineData("https://smba.trafficmanager.net.evil.example/")]
    public async Task PostMessages_CraftedServiceUrl_403AndNoReferenceStored(string serviceUrl)
    {
        await using var bot = await HardenedBot.StartAsync(azurite, authenticated: true);
        var f = new IncidentFlow(bot.App, bot.Connector);
        var activity = f.T.PersonalText(f.Reporter, "help");
        activity["serviceUrl"] = serviceUrl;
        var token = "Bearer " + bot.OpenId!.Mint(BotApp.AppId, serviceUrl, expires: DateTime.UtcNow.AddHours(1)); // even with a matching claim

        var (status, _) = await bot.PostRawAsync(activity.ToJsonString(), token);

        Assert.Equal(403, status);
        Assert.DoesNotContain(await StoredRow.ReadAllAsync(bot.App.Services), r => r.Properties.Values.Any(v => v is string s && s.Contains(serviceUrl, StringComparison.Ordinal)));
        Assert.Empty(bot.Connector.Requests);
    }

    private static async Task<string> AnswerAsync(HardenedBot bot, JsonObject activity)
    {
        var (status, body) = await bot.PostRawAsync(activity.ToJsonString(), bot.Authorization);
        Assert.Equal(200, status);
        return body;
    }

    /// <summary>The same action as an <c>Action.Submit</c> message (verb in the data).</summary>
    private static JsonObject Submit(JsonObject invoke)
    {
        var data = invoke["value"]!["action"]!["data"]!.DeepClone().AsObject();
        data["verb"] = invoke["value"]!["action"]!["verb"]!.GetValue<string>();
        invoke["type"] = "message";
        invoke.Remove("name");
        invoke["value"] = data;
        return invoke;
    }

    /// <summary>The tenants' rows; <paramref name="senders"/>' own people-record rows are left out (each records the name they send).</summary>
    private static string[] Rows(IReadOnlyList<StoredRow> rows, string[] tenants, string[]? senders = null) =>
        [.. rows.Where(r => r.Table != CxBot.Protocol.References.ConversationReferenceStore.TableName
                && !(r.Table == CxBot.Features.People.PeopleTables.Persons && (senders ?? []).Any(s => r.RowKey.Contains(s, StringComparison.OrdinalIgnoreCase)))
                && tenants.Any(t => r.PartitionKey.Contains(TableKeys.ToSafeKey(t), StringComparison.Ordinal)))
            .Select(r => r.Text).Order(StringComparer.Ordinal)];

    [GeneratedRegex(@"INC-\d{4}-\d{6}")]
    private static partial Regex Reference();
}
