using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using CxBot.Features.CustomerVoice;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CxBot.Tests.Features.CustomerVoice;

/// <summary>The survey page through the real app on Azurite: what the customer reads, the headers, answers stored once, refusals that store nothing.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SurveyPageTests(AzuriteFixture azurite)
{
    private static readonly Dictionary<string, string> BothScores = new() { [SurveyHarness.Listened] = "2", [SurveyHarness.Thanked] = "5" };

    [Fact]
    public async Task Page_AsksTheTouchpointsSoftStandardsInTheCustomersWording_WithLabelledScales()
    {
        await using var h = await new SurveyHarness(azurite.Server).SeedAsync();
        var link = await h.Links.IssueAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Checkout, h.Mia, default);

        var page = await h.GetAsync(SurveyHarness.PathOf(link));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.StartsWith("Contoso Stores \u00b7 Harbourside Store \u00b7 Checkout Tell us how we did It takes about 20 seconds", page.Text);
        Assert.Contains("<legend>Did we listen to what you needed?</legend>", page.Html);
        Assert.Contains("<legend>How did we do on \u201cThanked &amp; sent off\u201d?</legend>", page.Html);
        Assert.DoesNotContain("Was the old thing good?", page.Text);
        Assert.DoesNotContain("Queue", page.Text);
        Assert.DoesNotContain("How well did we do today?", page.Text);
        Assert.Equal(2, Regex.Matches(page.Html, "<fieldset ").Count);
        Assert.Equal(10, Regex.Matches(page.Html, "<input type=\"radio\" id=\"(q\\d+s\\d)\"[^>]*><label for=\"\\1\">").Count);
        Assert.Contains("1 = very poor, 5 = excellent", page.Text);
        Assert.Contains("<label for=\"q0s1\">1<span class=\"sr\"> = very poor</span></label>", page.Html);
        Assert.Contains("<label for=\"q0s5\">5<span class=\"sr\"> = excellent</span></label>", page.Html);
        Assert.Contains("<label class=\"block\" for=\"comment\">Anything you would like to tell us? (optional)</label>", page.Html);
        Assert.Contains("maxlength=\"1000\"", page.Html);
        Assert.Contains("<label for=\"consent\">May we contact you about this?</label>", page.Html);
        Assert.Contains("delete it after 90 days", page.Text);
        Assert.Contains("<html lang=\"en\">", page.Html);
        Assert.NotNull(page.Nonce);
    }

    [Fact]
    public async Task Page_HasNoScriptAStyleAllowedByItsHashTheSecurityHeadersAndNoCookie_UnderFiftyKilobytes()
    {
        await using var h = await new SurveyHarness(azurite.Server).SeedAsync();
        var link = await h.Links.IssueAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Checkout, h.Mia, default);

        var page = await h.GetAsync(SurveyHarness.PathOf(link));

        Assert.DoesNotContain("<script", page.Html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotMatch(" on[a-z]+=", page.Html);
        Assert.DoesNotContain("style=", page.Html);
        Assert.True(page.Bytes < 50 * 1024, $"{page.Bytes} bytes");
        var csp = page.Headers["Content-Security-Policy"];
        Assert.Contains("default-src 'none'", csp);
        Assert.Contains("form-action 'self'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.DoesNotContain("script-src", csp);
        Assert.DoesNotContain("unsafe-inline", csp);
        var style = Regex.Match(page.Html, "<style>(.*?)</style>").Groups[1].Value;
        Assert.Contains("'sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(style))) + "'", csp);
        Assert.Equal("nosniff", page.Headers["X-Content-Type-Options"]);
        Assert.Equal("no-referrer", page.Headers["Referrer-Policy"]);
        Assert.Equal("DENY", page.Headers["X-Frame-Options"]);
        Assert.Equal("no-store", page.Headers["Cache-Control"]);
        Assert.False(page.Headers.ContainsKey("Set-Cookie"));
        Assert.False(page.Headers.ContainsKey("Strict-Transport-Security")); // plain http here; HSTS only over https
        Assert.Equal("text/html; charset=utf-8", page.Headers["Content-Type"]);
    }

    [Fact]
    public async Task Page_OfATeamWithFewerStandards_AsksOnlyThose()
    {
        await using var h = await new SurveyHarness(azurite.Server).SeedAsync();
        var link = await h.Links.IssueAsync(h.Tenant, SurveyHarness.Hilltop, SurveyHarness.Checkout, h.Mia, default);

        var page = await h.GetAsync(SurveyHarness.PathOf(link));

        Assert.StartsWith("Contoso Stores \u00b7 Hilltop Store \u00b7 Checkout", page.Text);
        Assert.Single(Regex.Matches(page.Html, "<fieldset "));
        Assert.DoesNotContain("Did we listen", page.Text);
    }

    [Fact]
    public async Task Page_OfATouchpointWithoutSoftStandards_SaysSoInPlainWords()
    {
        await using var h = await new SurveyHarness(azurite.Server).SeedAsync();
        var link = await h.Links.IssueAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Delivery, h.Mia, default);

        var page = await h.GetAsync(SurveyHarness.PathOf(link));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        Assert.Equal("Nothing to answer here yet This survey has no questions at the moment. Thank you for looking.", page.Text);
        Assert.Null(page.Nonce);
    }

    [Fact]
    public async Task Answer_StoresExactlyOneRow_AndThanksTheCustomerNamingTheTeam()
    {
        await using var h = await new SurveyHarness(azurite.Server).SeedAsync();
        var link = await h.Links.IssueAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Checkout, h.Mia, default);

        var thanks = await h.AnswerAsync(SurveyHarness.PathOf(link), BothScores, ("comment", "  The queue was long\r\nbut the staff were kind  "));

        Assert.Equal(HttpStatusCode.OK, thanks.Status);
        Assert.Equal("Thank you Your answer has reached the Harbourside Store team. It helps them see how they are doing.", thanks.Text);
        Assert.Contains("default-src 'none'", thanks.Headers["Content-Security-Policy"]);
        var week = await h.Results.GetWeekAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Monday, default);
        Assert.Equal(1, week.Answers);
        Assert.Equal(new ScoreTally(2, 1), week.ByStandard[SurveyHarness.Listened]);
        Assert.Equal(new ScoreTally(5, 1), week.ByStandard[SurveyHarness.Thanked]);
        Assert.Empty(week.LowScores); // a low score, but no consent to be contacted
        Assert.Equal(0, (await h.Results.GetWeekAsync(h.OtherTenant, SurveyHarness.Harbourside, SurveyHarness.Monday, default)).Answers);
        Assert.Equal(0, (await h.Results.GetWeekAsync(h.Tenant, SurveyHarness.Hilltop, SurveyHarness.Monday, default)).Answers);
    }

    [Fact]
    public async Task Answer_PostedTwiceWithTheSameForm_IsRefusedTheSecondTimeAndStoredOnce()
    {
        await using var h = await new SurveyHarness(azurite.Server).SeedAsync();
        var link = await h.Links.IssueAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Checkout, h.Mia, default);
        var path = SurveyHarness.PathOf(link);
        var form = await h.GetAsync(path);
        var fields = SurveyHarness.Fields(form.Nonce!, BothScores);

        var first = await h.PostAsync(path, fields);
        var replays = await Task.WhenAll(Enumerable.Range(0, 5).Select(_ => h.PostAsync(path, fields)));

        Assert.Equal(HttpStatusCode.OK, first.Status);
        Assert.All(replays, r => Assert.Equal(HttpStatusCode.Conflict, r.Status));
        Assert.Equal("We already have your answer This answer was already sent, so we kept the first one. Thank you.", replays[0].Text);
        Assert.Equal(1, (await h.Results.GetWeekAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Monday, default)).Answers);
    }

    [Theory]
    [InlineData("0", "Each score must be a number from 1 to 5.")]
    [InlineData("6", "Each score must be a number from 1 to 5.")]
    [InlineData("-1", "Each score must be a number from 1 to 5.")]
    [InlineData("3.5", "Each score must be a number from 1 to 5.")]
    [InlineData("<b>5</b>", "Each score must be a number from 1 to 5.")]
    [InlineData("", "Each score must be a number from 1 to 5.")]
    public async Task Answer_OutsideTheScale_RefusedWithAClearPageAndNothingStored(string score, string message)
    {
        await using var h = await new SurveyHarness(azurite.Server).SeedAsync();
        var link = await h.Links.IssueAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Checkout, h.Mia, default);

        var page = await h.AnswerAsync(SurveyHarness.PathOf(link), new Dictionary<string, string> { [SurveyHarness.Listened] = score, [SurveyHarness.Thanked] = "4" });

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal($"Please check your answer {message} Back to the survey", page.Text);
        Assert.Contains($"href=\"{SurveyHarness.PathOf(link)}\"", page.Html);
        Assert.Equal(0, (await h.Results.GetWeekAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Monday, default)).Answers);
    }

    [Fact]
    public async Task Answer_ToAStandardNotAsked_OrWithoutAnyScore_OrWithAnOversizedComment_RefusedAndNothingStored()
    {
        await using var h = await new SurveyHarness(azurite.Server).SeedAsync();
        var link = await h.Links.IssueAsync(h.Tenant, SurveyHarness.Hilltop, SurveyHarness.Checkout, h.Mia, default);
        var path = SurveyHarness.PathOf(link);

        var notAsked = await h.AnswerAsync(path, new Dictionary<string, string> { [SurveyHarness.Thanked] = "4", [SurveyHarness.Listened] = "4" });
        var retired = await h.AnswerAsync(path, new Dictionary<string, string> { [SurveyHarness.OldSoft] = "4" });
        var none = await h.AnswerAsync(path, new Dictionary<string, string>(), ("comment", "Just a comment"));
        var long1001 = await h.AnswerAsync(path, new Dictionary<string, string> { [SurveyHarness.Thanked] = "4" }, ("comment", new string('x', 1001)));
        var huge = await h.AnswerAsync(path, new Dictionary<string, string> { [SurveyHarness.Thanked] = "4" }, ("comment", new string('x', 40_000)));

        Assert.Equal("Please check your answer The survey has changed since you opened it. Please open it again. Back to the survey", notAsked.Text);
        Assert.Equal(HttpStatusCode.BadRequest, retired.Status);
        Assert.Equal("Please check your answer Please choose a score for at least one question. Back to the survey", none.Text);
        Assert.Equal("Please check your answer Your comment is longer than 1000 characters. Please shorten it. Back to the survey", long1001.Text);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.Status);
        Assert.Equal("Please check your answer Your answer is too long to send.", huge.Text);
        Assert.Equal(0, (await h.Results.GetWeekAsync(h.Tenant, SurveyHarness.Hilltop, SurveyHarness.Monday, default)).Answers);
    }

    [Fact]
    public async Task Answer_CommentOfExactly1000CharactersWithWindowsLineBreaks_IsKept()
    {
        await using var h = await new SurveyHarness(azurite.Server).SeedAsync();
        var link = await h.Links.IssueAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Checkout, h.Mia, default);
        var comment = string.Concat(Enumerable.Repeat("abcdefghi\r\n", 90)) + new string('z', 100);

        var page = await h.AnswerAsync(SurveyHarness.PathOf(link), new Dictionary<string, string> { [SurveyHarness.Listened] = "1" }, ("comment", comment), ("consent", "yes"), ("contact", "sam@example.com"));

        Assert.Equal(HttpStatusCode.OK, page.Status);
        var low = Assert.Single((await h.Results.GetWeekAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Monday, default)).LowScores);
        Assert.Equal(comment.Replace("\r\n", "\n", StringComparison.Ordinal), low.Comment);
    }

    [Fact]
    public async Task Contact_IsStoredOnlyWhenTheBoxIsTicked()
    {
        await using var h = await new SurveyHarness(azurite.Server).SeedAsync();
        var link = await h.Links.IssueAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Checkout, h.Mia, default);
        var path = SurveyHarness.PathOf(link);
        var low = new Dictionary<string, string> { [SurveyHarness.Listened] = "1", [SurveyHarness.Thanked] = "2" };

        var unticked = await h.AnswerAsync(path, low, ("comment", "Nobody listened"), ("contact", "not-ticked@example.com"));
        var ticked = await h.AnswerAsync(path, low, ("comment", "Rude at the till"), ("consent", "yes"), ("contact", " sam@example.com "));
        var tickedEmpty = await h.AnswerAsync(path, low, ("consent", "yes"), ("contact", "  "));

        Assert.Equal(HttpStatusCode.OK, unticked.Status);
        Assert.Equal(HttpStatusCode.OK, ticked.Status);
        Assert.Equal(HttpStatusCode.BadRequest, tickedEmpty.Status);
        Assert.Contains("please give a phone number or email address, or untick the box", tickedEmpty.Text);
        var week = await h.Results.GetWeekAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Monday, default);
        Assert.Equal(2, week.Answers);
        var follow = Assert.Single(week.LowScores);
        Assert.Equal(("sam@example.com", "Rude at the till", SurveyHarness.Checkout), (follow.Contact, follow.Comment, follow.TouchpointId));
        Assert.Equal(new Dictionary<string, int> { [SurveyHarness.Listened] = 1, [SurveyHarness.Thanked] = 2 }, follow.Scores);
        Assert.Equal(new ScoreTally(2, 2), week.ByStandard[SurveyHarness.Listened]);
        var rows = await AllAnswerRowsAsync(h);
        Assert.DoesNotContain(rows, r => r.Any(p => p.Value?.ToString()?.Contains("not-ticked", StringComparison.Ordinal) == true));
        Assert.Single(rows, r => r.ContainsKey("Contact"));
    }

    [Fact]
    public async Task Answer_StoresNoNetworkAddressAndNothingButTheAnswer()
    {
        await using var h = await new SurveyHarness(azurite.Server).SeedAsync();
        var link = await h.Links.IssueAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Checkout, h.Mia, default);

        await h.AnswerAsync(SurveyHarness.PathOf(link), BothScores);

        var row = Assert.Single(await AllAnswerRowsAsync(h));
        Assert.Equal(new[] { "AnsweredAt", "Consent", "LinkId", "Scores", "TouchpointId" }, row.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task Answer_FormOlderThanItsLifetime_RefusedAndNothingStored()
    {
        await using var h = await new SurveyHarness(azurite.Server).SeedAsync();
        var link = await h.Links.IssueAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Checkout, h.Mia, default);
        var path = SurveyHarness.PathOf(link);
        var form = await h.GetAsync(path);

        h.Clock.Advance(TimeSpan.FromHours(12) + TimeSpan.FromSeconds(1));
        var page = await h.PostAsync(path, SurveyHarness.Fields(form.Nonce!, BothScores));
        var forged = await h.PostAsync(path, SurveyHarness.Fields("AAAA.BBBB", BothScores));

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal("Please check your answer This form was open for too long. Please open the survey again. Back to the survey", page.Text);
        Assert.Equal(HttpStatusCode.BadRequest, forged.Status);
        Assert.Equal(0, (await h.Results.GetWeekAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Monday, default)).Answers);
    }

    [Fact]
    public async Task Answer_WithAnotherLinksForm_RefusedAndNothingStored()
    {
        await using var h = await new SurveyHarness(azurite.Server).SeedAsync();
        var harbourside = await h.Links.IssueAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Checkout, h.Mia, default);
        var hilltop = await h.Links.IssueAsync(h.Tenant, SurveyHarness.Hilltop, SurveyHarness.Checkout, h.Mia, default);
        var form = await h.GetAsync(SurveyHarness.PathOf(harbourside));

        var page = await h.PostAsync(SurveyHarness.PathOf(hilltop), SurveyHarness.Fields(form.Nonce!, new Dictionary<string, string> { [SurveyHarness.Thanked] = "5" }));

        Assert.Equal(HttpStatusCode.BadRequest, page.Status);
        Assert.Equal(0, (await h.Results.GetWeekAsync(h.Tenant, SurveyHarness.Hilltop, SurveyHarness.Monday, default)).Answers);
    }

    [Fact]
    public async Task Answer_CountsInTheTeamsOwnWeek_ByWhenTheFormWasOpened()
    {
        await using var h = await new SurveyHarness(azurite.Server).SeedAsync();
        h.Clock.SetUtcNow(new DateTimeOffset(2026, 12, 13, 23, 30, 0, TimeSpan.Zero)); // Sunday 23:30 in London, Monday 12:30 in Auckland
        var auckland = await h.Links.IssueAsync(h.Tenant, SurveyHarness.Hilltop, SurveyHarness.Checkout, h.Mia, default);
        var london = await h.Links.IssueAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Checkout, h.Mia, default);
        var aucklandForm = await h.GetAsync(SurveyHarness.PathOf(auckland));
        var londonForm = await h.GetAsync(SurveyHarness.PathOf(london));

        h.Clock.Advance(TimeSpan.FromHours(1)); // answered on Monday in London: still counts in the week the form was opened
        await h.PostAsync(SurveyHarness.PathOf(auckland), SurveyHarness.Fields(aucklandForm.Nonce!, new Dictionary<string, string> { [SurveyHarness.Thanked] = "3" }));
        await h.PostAsync(SurveyHarness.PathOf(london), SurveyHarness.Fields(londonForm.Nonce!, BothScores));

        Assert.Equal(1, (await h.Results.GetWeekAsync(h.Tenant, SurveyHarness.Hilltop, new DateOnly(2026, 12, 14), default)).Answers);
        Assert.Equal(1, (await h.Results.GetWeekAsync(h.Tenant, SurveyHarness.Harbourside, new DateOnly(2026, 12, 7), default)).Answers);
        Assert.Equal(0, (await h.Results.GetWeekAsync(h.Tenant, SurveyHarness.Harbourside, new DateOnly(2026, 12, 14), default)).Answers);
    }

    [Fact]
    public async Task Answers_InABurstFromOneClient_BeyondTheLimitGet429AndAreNeverStored()
    {
        await using var h = await new SurveyHarness(azurite.Server, ("CustomerVoice:AnswersPerClient", "3")).SeedAsync();
        var link = await h.Links.IssueAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Checkout, h.Mia, default);
        var path = SurveyHarness.PathOf(link);
        var forms = new List<string>();
        for (var i = 0; i < 8; i++)
        {
            forms.Add((await h.GetAsync(path)).Nonce!);
        }

        var pages = new List<SurveyHarness.Page>();
        foreach (var nonce in forms)
        {
            pages.Add(await h.PostAsync(path, SurveyHarness.Fields(nonce, BothScores)));
        }

        Assert.Equal(3, pages.Count(p => p.Status == HttpStatusCode.OK));
        Assert.Equal(5, pages.Count(p => p.Status == HttpStatusCode.TooManyRequests));
        Assert.Equal("Too many answers We received too many answers in a short time. Please try again later.", pages[^1].Text);
        Assert.Equal(3, (await h.Results.GetWeekAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Monday, default)).Answers);
    }

    [Fact]
    public async Task Answers_ToOneLinkBeyondItsLimit_Get429AndAreNeverStored()
    {
        await using var h = await new SurveyHarness(azurite.Server, ("CustomerVoice:AnswersPerLink", "2")).SeedAsync();
        var link = await h.Links.IssueAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Checkout, h.Mia, default);
        var other = await h.Links.IssueAsync(h.Tenant, SurveyHarness.Hilltop, SurveyHarness.Checkout, h.Mia, default);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++)
        {
            statuses.Add((await h.AnswerAsync(SurveyHarness.PathOf(link), BothScores)).Status);
        }

        var elsewhere = await h.AnswerAsync(SurveyHarness.PathOf(other), new Dictionary<string, string> { [SurveyHarness.Thanked] = "5" });

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, elsewhere.Status);
        Assert.Equal(2, (await h.Results.GetWeekAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Monday, default)).Answers);
    }

    [Fact]
    public async Task Pages_FromOneClientBeyondTheLimit_Get429()
    {
        await using var h = await new SurveyHarness(azurite.Server, ("CustomerVoice:PagesPerClient", "2")).SeedAsync();
        var link = await h.Links.IssueAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Checkout, h.Mia, default);

        var pages = new List<SurveyHarness.Page>();
        for (var i = 0; i < 3; i++)
        {
            pages.Add(await h.GetAsync(SurveyHarness.PathOf(link)));
        }

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], pages.Select(p => p.Status));
        Assert.Null(pages[2].Nonce);
        Assert.Contains("default-src 'none'", pages[2].Headers["Content-Security-Policy"]);
    }

    [Fact]
    public async Task Page_OverHttps_AsksForHttpsFromNowOn()
    {
        await using var h = await new SurveyHarness(azurite.Server).SeedAsync();
        var link = await h.Links.IssueAsync(h.Tenant, SurveyHarness.Harbourside, SurveyHarness.Checkout, h.Mia, default);
        using var client = h.App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), HandleCookies = false });

        using var response = await client.GetAsync(SurveyHarness.PathOf(link));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("max-age=31536000; includeSubDomains", string.Join(",", response.Headers.GetValues("Strict-Transport-Security")));
    }

    private static async Task<List<CxBot.Storage.TableEntity>> AllAnswerRowsAsync(SurveyHarness h)
    {
        var table = h.App.Services.GetRequiredService<CxBot.Storage.TableServiceClient>().GetTableClient(CustomerVoiceNames.AnswersTable);
        var rows = new List<CxBot.Storage.TableEntity>();
        await foreach (var row in table.QueryAsync(null, null, null, default))
        {
            rows.Add(row);
        }

        return rows;
    }
}
