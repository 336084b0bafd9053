using System.Text.Json.Nodes;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.AspNetCore.Hosting;

namespace CxBot.Tests.Features.CustomerVoice;

/// <summary>
/// A real browser (headless Chromium through playwright-core, 390 px wide) opens a survey link served by the bot on a loopback
/// port, answers it and sees the thank-you page; axe-core finds no violation on the form (with and without the contact field)
/// nor on the thank-you page. With <c>SURVEY_SCREENSHOTS=1</c> it saves docs/screenshots/survey-page.png and survey-thanks.png
/// (otherwise into a temporary folder, so a test run leaves the docs alone).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SurveyBrowserTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Customer_OnAPhone_AnswersAndIsThanked_WithNoAccessibilityViolation()
    {
        await using var h = new SurveyHarness(azurite.Server);
        var port = FreePort.Next();
        h.App.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, port));
        h.App.StartServer();
        await h.SeedAsync();
        var link = await h.Links.IssueAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Checkout, h.Mia, default);
        var url = $"http://127.0.0.1:{port}{SurveyHarness.PathOf(link)}";
        var shots = Environment.GetEnvironmentVariable("SURVEY_SCREENSHOTS") == "1" ? Path.Combine(RepoPaths.Root, "docs", "screenshots") : Directory.CreateTempSubdirectory("survey-shots").FullName;

        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var seen = await NodeScript.RunAsync("tests/survey-js/browse.mjs", new JsonObject { ["url"] = url, ["shots"] = shots }, timeout.Token);

        Assert.Equal(200, (int)seen["formStatus"]!);
        Assert.Equal("en", (string?)seen["lang"]);
        Assert.Equal(["Did we listen to what you needed?", "How did we do on \u201cThanked & sent off\u201d?"], seen["questions"]!.AsArray().Select(q => (string?)q));
        Assert.Equal("rgb(11, 92, 173)", (string?)seen["buttonBackground"]); // the inline style applied under the page's own policy
        Assert.Empty(seen["blocked"]!.AsArray());
        Assert.True((double)seen["radioLabelHeight"]! >= 44, $"score buttons {seen["radioLabelHeight"]} px high");
        Assert.True((int)seen["pageWidth"]! <= 390, $"the page scrolls sideways: {seen["pageWidth"]} px");
        Assert.Equal("Thank you", (string?)seen["thanksHeading"]);
        Assert.Contains("Your answer has reached the Harbourside Store team.", (string?)seen["thanksText"]);
        Assert.True((bool)seen["contactVisible"]!);
        Assert.Equal("Thank you", (string?)seen["secondThanksHeading"]);
        Assert.Equal("[]", seen["formViolations"]!.ToJsonString());
        Assert.Equal("[]", seen["formWithContactViolations"]!.ToJsonString());
        Assert.Equal("[]", seen["thanksViolations"]!.ToJsonString());
        Assert.True(File.Exists(Path.Combine(shots, "survey-page.png")) && File.Exists(Path.Combine(shots, "survey-thanks.png")));

        var week = await h.Results.GetWeekAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Monday, default);
        Assert.Equal(2, week.Answers);
        Assert.Equal(new CxBot.Features.CustomerVoice.ScoreTally(6, 2), week.ByStandard[SurveyHarness.Listened]);
        var follow = Assert.Single(week.LowScores);
        Assert.Equal("sam@example.com", follow.Contact);
    }
}
