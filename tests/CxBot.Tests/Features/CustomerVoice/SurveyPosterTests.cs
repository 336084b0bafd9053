using CxBot.Features.CustomerVoice;

namespace CxBot.Tests.Features.CustomerVoice;

public class SurveyPosterTests
{
    private const string Url = "https://cxbot.example.com/s/q7Xk2pLm";

    [Fact]
    public void Pdf_IsOnePortraitA5Page()
    {
        var pdf = SurveyPoster.Pdf("Riverside store", "Checkout", Url);

        Assert.Equal("%PDF-", System.Text.Encoding.ASCII.GetString(pdf, 0, 5));
        var poster = SurveyQrDecoding.ReadPoster(pdf);
        Assert.Equal(1, poster.Pages);
        Assert.Equal(419.53, poster.Width, 1.0);
        Assert.Equal(595.28, poster.Height, 1.0);
    }

    [Fact]
    public void Pdf_ShowsTheHeadlineNamesLinkAndPrivacyLine()
    {
        var poster = SurveyQrDecoding.ReadPoster(SurveyPoster.Pdf("Riverside store", "Checkout", Url));

        Assert.Equal(
            ["How did we do?", "Tell us in 20 seconds", "Checkout", "Riverside store", Url, "No sign-in. Anonymous unless you ask us to contact you.", "CxBot"],
            poster.Lines);
    }

    [Fact]
    public void Pdf_QrCodeDrawnOnThePage_ScansToTheLink()
    {
        var poster = SurveyQrDecoding.ReadPoster(SurveyPoster.Pdf("Riverside store", "Checkout", Url));

        Assert.Equal(Url, poster.QrText);
        Assert.True(poster.Rectangles > 50, $"{poster.Rectangles} rectangles");
    }

    [Fact]
    public void Pdf_ListsTheQuestions_AndCountsThoseBeyondFive()
    {
        string[] questions = ["How warmly were you greeted?", "Did we listen to you?", "Was it quick?", "Was the place clean?", "Did you get what you came for?", "Would you come back?", "Anything else?"];

        var poster = SurveyQrDecoding.ReadPoster(SurveyPoster.Pdf("Riverside store", "Checkout", Url, questions));

        Assert.Contains(SurveyPoster.AskedHeading, poster.Lines);
        Assert.All(questions.Take(5), q => Assert.Contains(q, poster.Lines));
        Assert.DoesNotContain("Would you come back?", poster.Lines);
        Assert.Contains("and 2 more", poster.Lines);
        Assert.Equal(Url, poster.QrText);
    }

    [Fact]
    public void Pdf_LongNamesWithEmojiAndRightToLeftText_WrapShortenAndStillScan()
    {
        var team = string.Concat(Enumerable.Repeat("Riverside 🛒 متجر النهر ", 9))[..200];
        var touchpoint = "Deliveries\nand\tcollections " + new string('W', 120);

        var pdf = SurveyPoster.Pdf(team, touchpoint, Url, [new string('Q', 300)]);

        var poster = SurveyQrDecoding.ReadPoster(pdf);
        Assert.Equal(1, poster.Pages);
        Assert.Equal(Url, poster.QrText);
        Assert.Contains(poster.Lines, l => l.StartsWith("Riverside", StringComparison.Ordinal));
        Assert.Contains(poster.Lines, l => l.StartsWith("Deliveries and collections", StringComparison.Ordinal));
        Assert.Contains(poster.Lines, l => l.EndsWith('…'));
        Assert.DoesNotContain(poster.Lines, l => l.Contains('\n') || l.Contains('\t'));
        Assert.Contains(Url, poster.Lines);
        Assert.Contains(SurveyPoster.Privacy, poster.Lines);
    }

    [Fact]
    public void Pdf_EmptyNames_StillAPosterWithTheLink()
    {
        var poster = SurveyQrDecoding.ReadPoster(SurveyPoster.Pdf("  ", "", Url, ["", "  "]));

        Assert.Equal(["How did we do?", "Tell us in 20 seconds", Url, SurveyPoster.Privacy, "CxBot"], poster.Lines);
        Assert.Equal(Url, poster.QrText);
    }

    [Fact]
    public void Pdf_ManyAtOnce_EachScansToItsOwnLink()
    {
        var urls = Enumerable.Range(0, 8).Select(i => $"https://cxbot.example.com/s/team{i}-x{i * 7}").ToArray();

        var posters = new byte[urls.Length][];
        Parallel.For(0, urls.Length, i => posters[i] = SurveyPoster.Pdf($"Team {i}", "Checkout", urls[i]));

        Assert.Equal(urls, posters.Select(p => SurveyQrDecoding.ReadPoster(p).QrText));
        Assert.All(posters.Select((p, i) => (p, i)), x => Assert.Contains($"Team {x.i}", SurveyQrDecoding.ReadPoster(x.p).Lines));
    }
}
