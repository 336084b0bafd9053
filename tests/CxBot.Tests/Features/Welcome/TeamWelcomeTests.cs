using CxBot.Testing;
using CxBot.Tests.Features.Setup;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Features.Welcome;

/// <summary>The team welcome thanks the person who added CxBot by name, and never shows a template expression when Teams sent no name.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class TeamWelcomeTests(AzuriteFixture azurite) : LocalBotTests(azurite)
{
    [Fact]
    public async Task TeamInstall_InstallerWithoutANameInTheEvent_NameFromThePeopleRecordAndAMention()
    {
        var t = new SetupActivities(Connector.ServiceUrl, Guid.NewGuid().ToString());
        var installer = Guid.NewGuid().ToString();
        await Post(t.Named(installer, "Ines Installer").PersonalInstall(installer)); // CxBot learns her name from her own chat
        var install = t.TeamInstall(installer);
        install["from"]!.AsObject().Remove("name");

        await Post(install);

        var welcome = Assert.Single(Connector.Requests, r => r.Method == "POST" && r.Body.Contains("CxBot has joined", StringComparison.Ordinal)).Json!;
        Assert.Contains("Thanks, <at>Ines Installer</at>, for adding me to this team. Here is what happens here:", VisibleText.Of(welcome));
        Assert.Equal("Ines Installer", welcome["attachments"]![0]!["content"]!["msteams"]!["entities"]![0]!["mentioned"]!["name"]!.GetValue<string>());
        Assert.Empty(VisibleText.Problems(welcome));
    }

    [Fact]
    public async Task TeamInstall_UnnamedInstallerNeverSeenBefore_NameReadFromTheTeamWithOneMemberCall()
    {
        var t = new SetupActivities(Connector.ServiceUrl, Guid.NewGuid().ToString());
        var installer = Guid.NewGuid().ToString();
        t.Named(installer, "Ines Installer");
        Connector.SetRoster(t.TeamId, [FakeConnector.Member(SetupActivities.UserIdOf(installer), installer, "Ines Installer", "owner")], pageSize: 500);
        var install = t.TeamInstall(installer);
        install["from"]!.AsObject().Remove("name");

        await Post(install);

        var welcome = Assert.Single(Connector.Requests, r => r.Method == "POST" && r.Body.Contains("CxBot has joined", StringComparison.Ordinal)).Json!;
        Assert.Contains("Thanks, <at>Ines Installer</at>, for adding me to this team. Here is what happens here:", VisibleText.Of(welcome));
        Assert.Contains(Connector.Requests, r => r.Method == "GET" && Uri.UnescapeDataString(r.PathAndQuery).EndsWith("/members/" + SetupActivities.UserIdOf(installer), StringComparison.Ordinal));
    }

    [Fact]
    public async Task TeamInstall_NobodyKnowsTheInstallersName_ThanksWithoutAMentionOrATemplateExpression()
    {
        var t = new SetupActivities(Connector.ServiceUrl, Guid.NewGuid().ToString());
        var install = t.TeamInstall(Guid.NewGuid().ToString());
        install["from"]!.AsObject().Remove("name");

        await Post(install);

        var welcome = Assert.Single(Connector.Requests, r => r.Method == "POST" && r.Body.Contains("CxBot has joined", StringComparison.Ordinal)).Json!;
        Assert.Contains("Thanks for adding me to this team. Here is what happens here:", VisibleText.Of(welcome));
        Assert.DoesNotContain("${", welcome.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(welcome["attachments"]![0]!["content"]!["msteams"]!["entities"]!.AsArray());
    }

    private async Task Post(System.Text.Json.Nodes.JsonObject activity)
    {
        using var response = await App.PostAsync(activity);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
    }
}
