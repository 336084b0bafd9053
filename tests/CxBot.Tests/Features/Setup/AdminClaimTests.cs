using System.Net;
using System.Text.Json.Nodes;
using CxBot.Features.Setup;
using CxBot.Testing;
using CxBot.Tests.Hardening;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests.Features.Setup;

/// <summary>
/// Who becomes a tenant's first admin, through the real endpoint with JWT validation on (issue 22, F5): nobody by installing
/// first; a configured admin counts in every tenant; otherwise only whoever types the deployment's claim code in a personal chat.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class AdminClaimTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task PersonalInstall_AdminConfigured_NextInstallerIsNoAdminAndIsToldWhoToAsk()
    {
        var configured = Guid.NewGuid().ToString();
        await using var bot = await HardenedBot.StartAsync(azurite, authenticated: true, ("Admin:UserIds:0", configured));
        var t = new SetupActivities(bot.Connector.ServiceUrl, Guid.NewGuid().ToString());
        var worker = Guid.NewGuid().ToString();

        await PostAsync(bot, t.PersonalInstall(configured));
        await PostAsync(bot, t.PersonalInstall(worker));
        var workerSetup = await ReplyAsync(bot, t.PersonalText(worker, "setup"));
        var adminSetup = await ReplyAsync(bot, t.PersonalText(configured, "setup"));

        var setup = await bot.App.Services.GetRequiredService<SetupService>().GetAsync(t.Tenant, default);
        Assert.Empty(setup.Organisation!.Admins);
        Assert.Equal($"{Change.NotAdmin} {AdminClaimRoutes.ConfiguredOnly}", workerSetup["text"]!.GetValue<string>());
        Assert.NotNull(adminSetup["attachments"]); // the configured admin gets the setup card
    }

    [Fact]
    public async Task ClaimAdmin_WithTheDeploymentsCode_OnlyInPersonalChatOnlyOnceOthersToldWhoTheAdminIs()
    {
        await using var bot = await HardenedBot.StartAsync(azurite, authenticated: true);
        var t = new SetupActivities(bot.Connector.ServiceUrl, Guid.NewGuid().ToString());
        var ada = Guid.NewGuid().ToString();
        var sam = Guid.NewGuid().ToString();
        t.Named(ada, "Ada Admin").Named(sam, "Sam Shopfloor");

        await PostAsync(bot, t.PersonalInstall(ada));
        var before = await ReplyAsync(bot, t.PersonalText(ada, "setup"));
        var wrong = await ReplyAsync(bot, t.PersonalText(ada, "claim admin not-the-code-at-all"));
        var inChannel = await ReplyAsync(bot, t.ChannelText(sam, "claim admin " + BotApp.AdminClaimCode));
        var right = await ReplyAsync(bot, t.PersonalText(ada, "Claim Admin  " + BotApp.AdminClaimCode + " "));
        var card = await ReplyAsync(bot, t.PersonalText(ada, "setup"));
        await PostAsync(bot, t.PersonalInstall(sam));
        var late = await ReplyAsync(bot, t.PersonalText(sam, "claim admin " + BotApp.AdminClaimCode));
        var samSetup = await ReplyAsync(bot, t.PersonalText(sam, "setup"));

        Assert.Equal(AdminClaimRoutes.NoAdminWithCode, before["text"]!.GetValue<string>());
        Assert.Equal(OrganisationChanges.WrongCode, wrong["text"]!.GetValue<string>());
        Assert.Equal(AdminClaimRoutes.PersonalOnly, inChannel["text"]!.GetValue<string>());
        Assert.Equal("You are now your organisation's first CxBot admin. Type \"setup\" to pick a starter journey and tailor its standards.", right["text"]!.GetValue<string>());
        Assert.NotNull(card["attachments"]);
        var toldWho = $"{Change.NotAdmin} Your organisation's CxBot admin is Ada Admin: ask them to add you on the setup card.";
        Assert.Equal(toldWho, late["text"]!.GetValue<string>());
        Assert.Equal(toldWho, samSetup["text"]!.GetValue<string>());
        var setup = await bot.App.Services.GetRequiredService<SetupService>().GetAsync(t.Tenant, default);
        Assert.Equal([ada], setup.Organisation!.Admins);
        Assert.DoesNotContain(BotApp.AdminClaimCode, bot.Logs.AllText, StringComparison.Ordinal);
        Assert.DoesNotContain(bot.Logs.Entries, e => e.EventId == 6012); // a claim code is set: no warning
    }

    [Fact]
    public async Task Setup_NoAdminNoClaimCode_FirstInstallerIsNoAdminAndToldWhatTheDeployerMustDo()
    {
        await using var bot = await HardenedBot.StartAsync(azurite, authenticated: true, ("Admin:ClaimCode", ""));
        var t = new SetupActivities(bot.Connector.ServiceUrl, Guid.NewGuid().ToString());
        var first = Guid.NewGuid().ToString();

        await PostAsync(bot, t.PersonalInstall(first));
        var setupAnswer = await ReplyAsync(bot, t.PersonalText(first, "setup"));
        var claim = await ReplyAsync(bot, t.PersonalText(first, "claim admin "));

        Assert.Contains(bot.Logs.Entries, e => e.EventId == 6012 && e.Level == Microsoft.Extensions.Logging.LogLevel.Warning); // said at start, for the deployer
        Assert.Equal(AdminClaimRoutes.NoAdminNoCode, setupAnswer["text"]!.GetValue<string>());
        Assert.Equal(OrganisationChanges.WrongCode, claim["text"]!.GetValue<string>());
        Assert.Empty((await bot.App.Services.GetRequiredService<SetupService>().GetAsync(t.Tenant, default)).Organisation!.Admins);
    }

    [Fact]
    public async Task Start_ClaimCodeTooShort_FailsAtBoot()
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => AppBoot.StartAsync(("Admin:ClaimCode", "1234")));

        Assert.Contains(AppBoot.Chain(ex), e => e.Message.Contains("Admin:ClaimCode", StringComparison.Ordinal));
    }

    private static async Task PostAsync(HardenedBot bot, JsonObject activity)
    {
        using var response = await bot.App.PostAsync(activity, bot.Authorization);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static async Task<JsonNode> ReplyAsync(HardenedBot bot, JsonObject activity)
    {
        await PostAsync(bot, activity);
        return bot.Connector.ReplyTo(activity).Json!;
    }
}
