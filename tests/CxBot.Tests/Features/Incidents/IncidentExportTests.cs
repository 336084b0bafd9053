using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CxBot.Features.Incidents;
using CxBot.Protocol.FileConsent;
using CxBot.Testing;
using CxBot.Tests.Features.Setup;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Features.Incidents;

/// <summary>The managers' incidents CSV export through <c>/api/messages</c>: date range checked, consent card, upload only to an allowed host, rows of the range, formulas defused.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class IncidentExportTests(AzuriteFixture azurite) : ExportTests(azurite, "FileConsent:UploadHosts")
{
    [Fact]
    public async Task Export_ManagerAcceptsConsent_RangeRowsUploadedWithEveryFieldAndFormulasDefused()
    {
        var f = await new IncidentFlow(App, Connector).SetUpAsync();
        var inRange = await LogAsync(f, "in", daysAgo: 10, what: "=HYPERLINK(\"http://x\"), then \"more\"");
        var outOfRange = await LogAsync(f, "out", daysAgo: 40, what: "Older one");

        var managerList = IncidentFlow.Decoded(await f.ReplyAsync(f.T.PersonalText(f.Manager, IncidentNames.TeamCommand)));
        var sent = await f.InvokeMessageAsync(Export(f, f.Manager, Day(20), Day(0)));
        var consent = Connector.Requests.Last(r => IncidentFlow.Decoded(r).Contains(FileConsentNames.ConsentCard, StringComparison.Ordinal)).Json!["attachments"]![0]!;
        var uploaded = await PostConsentAsync(f, f.Manager, "accept", Uploads.Url("incidents.csv"), consent["content"]!["acceptContext"]!.DeepClone().AsObject());

        Assert.Contains(IncidentNames.Export, managerList, StringComparison.Ordinal);
        Assert.Contains("Export CSV", managerList, StringComparison.Ordinal);
        Assert.Equal(FileConsentNames.Sent, sent);
        Assert.Equal(IncidentNames.ExportKind, consent["content"]!["acceptContext"]![FileConsentNames.KindField]!.GetValue<string>());
        var upload = Assert.Single(Uploads.Uploads);
        Assert.Equal("PUT", upload.Method);
        Assert.Equal(consent["content"]!["sizeInBytes"]!.GetValue<int>(), upload.Body.Length);
        Assert.Equal($"bytes 0-{upload.Body.Length - 1}/{upload.Body.Length}", upload.Range);
        var lines = Encoding.UTF8.GetString(upload.Body).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.StartsWith("Reference,Team,Status,Severity,Root cause,Occurred (UTC),Logged (UTC),Reporter,What happened,", lines[0], StringComparison.Ordinal);
        Assert.StartsWith(inRange + ",", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain(outOfRange, lines[1], StringComparison.Ordinal);
        Assert.Contains(",New,High,Tools or technology,", lines[1], StringComparison.Ordinal);
        Assert.Contains(",\"'=HYPERLINK(\"\"http://x\"\"), then \"\"more\"\"\",", lines[1], StringComparison.Ordinal);
        Assert.Contains(",No,,45.50,", lines[1], StringComparison.Ordinal);
        Assert.Equal(FileConsentNames.InfoCard, uploaded.Json!["attachments"]![0]!["contentType"]!.GetValue<string>());
    }

    [Fact]
    public async Task Export_FrontLineRefusedBadRangesRefused_NothingUploaded()
    {
        var f = await new IncidentFlow(App, Connector).SetUpAsync();
        await LogAsync(f, "one", daysAgo: 1, what: "Late delivery");

        var reporterList = IncidentFlow.Decoded(await f.ReplyAsync(f.T.PersonalText(f.Reporter, IncidentNames.TeamCommand)));
        var refused = await f.InvokeMessageAsync(Export(f, f.Reporter, Day(5), Day(0)));
        var reversed = await f.InvokeMessageAsync(Export(f, f.Manager, Day(0), Day(5)));
        var tooLong = await f.InvokeMessageAsync(Export(f, f.Manager, Day(400), Day(0)));
        var notDates = await f.InvokeMessageAsync(Export(f, f.Manager, "yesterday", Day(0)));
        var context = new JsonObject { [FileConsentNames.KindField] = IncidentNames.ExportKind, ["from"] = Day(5), ["to"] = Day(0) };
        var reporterAccept = Text(await PostConsentAsync(f, f.Reporter, "accept", Uploads.Url("incidents.csv"), context));
        var offList = Text(await PostConsentAsync(f, f.Manager, "accept", "https://attacker.example.com/upload", (JsonObject)context.DeepClone()));
        var declined = Text(await PostConsentAsync(f, f.Manager, "decline", null, (JsonObject)context.DeepClone()));

        Assert.DoesNotContain(IncidentNames.Export, reporterList, StringComparison.Ordinal);
        Assert.Equal(IncidentExport.NotManager, refused);
        Assert.Equal([IncidentExportRange.Invalid, IncidentExportRange.Invalid, IncidentExportRange.Invalid], new[] { reversed, tooLong, notDates });
        Assert.Equal(IncidentExport.NotManager, reporterAccept);
        Assert.Equal(FileConsentNames.UploadRefused, offList);
        Assert.Equal(FileConsentNames.Declined, declined);
        Assert.Empty(Uploads.Uploads);
    }

    [Fact]
    public async Task Export_FromTheTeamsChannel_ConsentCardSentToThePersonalChatWithItsSummaryOrToldToOpenAChatFirst()
    {
        var reachable = await new IncidentFlow(App, Connector).SetUpAsync();
        var unreachable = new IncidentFlow(App, Connector).Named().WithRoster();
        await unreachable.NeverOpensTheBot(unreachable.Manager).SetUpAsync();
        await unreachable.RosterReadAsync();
        Connector.RefuseChatsWith(SetupActivities.UserIdOf(unreachable.Manager));

        var sent = await reachable.InvokeMessageAsync(InChannel(reachable, Day(5), Day(0)));
        var consent = await reachable.WaitForAsync("POST", FileConsentNames.ConsentCard);
        var before = Connector.Requests.Count;
        var noChat = await unreachable.InvokeMessageAsync(InChannel(unreachable, Day(5), Day(0)));

        Assert.Equal(FileConsentNames.Sent, sent);
        Assert.Equal($"Your teams' incidents, {Day(5)} to {Day(0)}, as a CSV file: accept it to save it to your OneDrive", consent.Json!["summary"]!.GetValue<string>());
        Assert.Equal("I can't reach you in a personal chat yet. Open a chat with CxBot, then try again.", noChat);
        Assert.DoesNotContain(Connector.Requests.Skip(before), r => IncidentFlow.Decoded(r).Contains(FileConsentNames.ConsentCard, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("0001-01-01", "0001-12-31")]
    [InlineData("0001-01-01", "0001-01-01")]
    [InlineData("9999-01-01", "9999-12-31")]
    [InlineData("9999-12-31", "9999-12-31")]
    [InlineData("1999-12-31", "2000-01-01")]
    [InlineData("+2", "+2")]
    public async Task Export_RangeAtTheCalendarsEdgeOrAhead_RefusedWithTheRangeRuleNothingSentOrUploaded(string from, string to)
    {
        var f = await new IncidentFlow(App, Connector).SetUpAsync();
        (from, to) = (from == "+2" ? Day(-2) : from, to == "+2" ? Day(-2) : to);
        var before = Connector.Requests.Count;

        var asked = await f.InvokeMessageAsync(Export(f, f.Manager, from, to));
        var accepted = Text(await PostConsentAsync(f, f.Manager, "accept", Uploads.Url("incidents.csv"), new JsonObject { [FileConsentNames.KindField] = IncidentNames.ExportKind, ["from"] = from, ["to"] = to }));

        Assert.Equal(IncidentExportRange.Invalid, asked);
        Assert.Equal(IncidentExportRange.Invalid, accepted);
        Assert.Equal("Pick a first and a last day between 1 January 2000 and today, the first on or before the last, at most 366 days apart.", asked);
        Assert.DoesNotContain(Connector.Requests.Skip(before), r => IncidentFlow.Decoded(r).Contains(FileConsentNames.ConsentCard, StringComparison.Ordinal));
        Assert.Empty(Uploads.Uploads);
    }

    private static string Day(int daysAgo) => DateTime.UtcNow.AddDays(-daysAgo).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static async Task<string> LogAsync(IncidentFlow f, string token, int daysAgo, string what)
    {
        var card = await f.InvokeCardAsync(f.T.Execute(f.Reporter, IncidentNames.Submit, f.Submission(token, d =>
        {
            d["what"] = what;
            d["date"] = Day(daysAgo);
            d["time"] = "09:00";
        })));
        return System.Text.RegularExpressions.Regex.Match(card, "INC-\\d{4}-\\d{6}").Value;
    }

    private static JsonObject Export(IncidentFlow f, string user, string from, string to) =>
        f.T.Execute(user, IncidentNames.Export, new JsonObject { ["from"] = from, ["to"] = to });

    private static JsonObject InChannel(IncidentFlow f, string from, string to) =>
        f.T.Execute(f.Manager, IncidentNames.Export, new JsonObject { ["from"] = from, ["to"] = to }, inChannel: true);

    /// <summary>Posts a file-consent answer; returns the bot's reply to it.</summary>
    private static Task<RecordedRequest> PostConsentAsync(IncidentFlow f, string user, string action, string? uploadUrl, JsonObject context) =>
        f.ReplyAsync(ConsentUploads.Answer(f.T.Execute(user, "unused", []), action, uploadUrl, context, "incidents.csv"));

    private static string Text(RecordedRequest reply) => reply.Json!["text"]!.GetValue<string>();
}
