using System.Text.Json.Nodes;
using CxBot.Features.Incidents;
using CxBot.Storage;
using CxBot.Tests.Features.Ideas;
using CxBot.Tests.Features.Incidents;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Hardening;

/// <summary>
/// Every log entry at Trace level and up, captured while the main flows run (and fail: connector refusals, storage down):
/// none holds the client secret, the storage key, a bearer token (inbound or outbound) or text the user typed.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class LogScanTests(AzuriteFixture azurite)
{
    private const string ClientSecret = "Zq8~sEcReT-client-value-4f1d";
    private const string Typed = "QUOKKA-TYPED-7731";

    [Fact]
    public async Task Flows_WithSecretsAndTypedText_NeverInLogs()
    {
        await using var bot = await HardenedBot.StartAsync(azurite, authenticated: true, ("Bot:ClientSecret", ClientSecret));
        var inbound = bot.Authorization!;
        var f = await new IncidentFlow(bot.App, bot.Connector, inbound).SetUpAsync();
        await f.InvokeAsync(f.T.Execute(f.Admin, "setup.journey.pick", new JsonObject { ["journey"] = "delivery" }));

        await f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission("scan-1", d => d["what"] = Typed + " what happened")));
        await f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission("scan-2", d => d["cost"] = Typed))); // refused field
        await bot.PostRawAsync(f.T.Execute(f.Reporter, "ideas.submit", IdeaTeam.Form("scan-3", f.T.TeamId, problem: Typed + " problem")).ToJsonString(), inbound);
        await f.PostAsync(f.T.PersonalText(f.Reporter, Typed + " unknown command"));
        await f.PostAsync(f.T.PersonalText(f.Reporter, "kudos " + Typed));
        await f.PostAsync(f.T.PersonalText(f.Reporter, "leaderboard " + Typed));
        await f.PostAsync(f.T.PersonalText(f.Reporter, "incidnet " + Typed)); // a "did you mean"
        await f.PostAsync(f.T.PersonalText(f.Reporter, "idea: " + Typed)); // read forgivingly, the proposal filled in

        // Failures log too: a refused reply and a storage outage.
        bot.Connector.Enqueue(403, errorCode: "BotDisabledByAdmin");
        await f.PostAsync(f.T.PersonalText(f.Colleague, "help " + Typed));
        bot.Faults.Down = true;
        await bot.PostRawAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission("scan-4", d => d["what"] = Typed + " during outage")).ToJsonString(), inbound);
        await f.PostAsync(f.T.PersonalText(f.Reporter, "my incidents " + Typed));
        bot.Faults.Down = false;
        await f.WaitForAsync("POST", "Acknowledge"); // the manager's card went out (outbound token used)

        var logs = bot.Logs.AllText;
        Assert.True(bot.Logs.Entries.Count > 50, "the capture saw the flows");
        var outbound = bot.Tokens!.IssuedTokens;
        Assert.NotEmpty(outbound);
        string[] secrets = [ClientSecret, TableConnection.DevelopmentAccountKey, TableConnection.DevelopmentAccountKey[..20], inbound["Bearer ".Length..], .. outbound, Typed];
        foreach (var secret in secrets)
        {
            Assert.False(logs.Contains(secret, StringComparison.Ordinal), $"a log entry holds a secret or typed text ({secret[..Math.Min(6, secret.Length)]}…)");
        }

        // Token pieces: a JWT's signature part alone must not appear either.
        Assert.DoesNotContain(inbound.Split('.')[^1], logs, StringComparison.Ordinal);
    }
}
