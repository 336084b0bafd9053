using System.Text;
using System.Text.Json.Nodes;
using CxBot.Features.Ideas;
using CxBot.Protocol.FileConsent;
using CxBot.Testing;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Features.Ideas;

/// <summary>The managers' CSV export through <c>/api/messages</c>: consent card in the personal chat, upload only to an allowed host, formulas defused.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class IdeaExportTests(AzuriteFixture azurite) : ExportTests(azurite, "Ideas:UploadHosts")
{
    [Fact]
    public async Task Export_ManagerAcceptsConsent_CsvUploadedWithFormulasDefusedAndFileCardSent()
    {
        var team = await new IdeaTeam(App, Connector).SetUpAsync();
        await team.SubmitAsync(team.Member, IdeaTeam.Form(Guid.NewGuid().ToString("N"), team.T.TeamId, problem: "=HYPERLINK(\"http://x\"), then \"more\""));
        await team.PostAsync(team.T.PersonalText(team.Manager, "my ideas"));

        var colleagueList = (await team.ReplyAsync(team.T.ChannelText(team.Colleague, "team ideas"))).Body;
        var managerList = (await team.ReplyAsync(team.T.ChannelText(team.Manager, "team ideas"))).Body;
        var refused = IdeaTeam.Text(await team.InvokeAsync(team.T.Execute(team.Colleague, IdeaNames.Export, [], inChannel: true)));
        var sent = IdeaTeam.Text(await team.InvokeAsync(team.T.Execute(team.Manager, IdeaNames.Export, [], inChannel: true)));
        // One consent card, the manager's (it goes to their personal chat, so it is no reply to the channel's invoke).
        var consent = Assert.Single(Connector.Requests, r => r.Json?["attachments"]?[0]?["contentType"]?.GetValue<string>() == FileConsentNames.ConsentCard).Json!["attachments"]![0]!;
        var uploaded = await PostConsentAsync(team, "accept", Uploads.Url("ideas.csv"));

        Assert.DoesNotContain(IdeaNames.Export, colleagueList, StringComparison.Ordinal);
        Assert.Contains(IdeaNames.Export, managerList, StringComparison.Ordinal);
        Assert.Equal("message: " + IdeaExportRoutes.NotManager, refused);
        Assert.Equal("message: " + FileConsentNames.Sent, sent);
        var upload = Assert.Single(Uploads.Uploads);
        Assert.Equal("PUT", upload.Method);
        Assert.Equal(consent["content"]!["sizeInBytes"]!.GetValue<int>(), upload.Body.Length);
        Assert.Equal($"bytes 0-{upload.Body.Length - 1}/{upload.Body.Length}", upload.Range);
        var lines = Encoding.UTF8.GetString(upload.Body).TrimStart('\uFEFF').Split("\r\n");
        Assert.StartsWith("Id,Team,Status,Votes,", lines[0], StringComparison.Ordinal);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://x\"\"), then \"\"more\"\"\",", lines[1], StringComparison.Ordinal);
        Assert.Equal(FileConsentNames.InfoCard, uploaded.Json!["attachments"]![0]!["contentType"]!.GetValue<string>());
    }

    [Fact]
    public async Task Export_UploadUrlOffTheAllowListOrDeclined_NothingUploaded()
    {
        var team = await new IdeaTeam(App, Connector).SetUpAsync();
        await team.PostAsync(team.T.PersonalText(team.Manager, "my ideas"));

        var refused = (await PostConsentAsync(team, "accept", "https://attacker.example.com/upload")).Json!["text"]!.GetValue<string>();
        var declined = (await PostConsentAsync(team, "decline", null)).Json!["text"]!.GetValue<string>();

        Assert.Empty(Uploads.Uploads);
        Assert.Equal(IdeaExportRoutes.UploadRefused, refused);
        Assert.Equal(IdeaExportRoutes.Declined, declined);
    }

    /// <summary>Posts a file-consent answer; returns the bot's reply to it.</summary>
    private static Task<RecordedRequest> PostConsentAsync(IdeaTeam team, string action, string? uploadUrl) =>
        team.ReplyAsync(ConsentUploads.Answer(team.T.Execute(team.Manager, "unused", []), action, uploadUrl, new JsonObject { [FileConsentNames.KindField] = IdeaNames.ExportContext }, "ideas.csv"));
}
