using System.Text.RegularExpressions;
using CxBot.Features.CustomerVoice;

namespace CxBot.Tests.Features.CustomerVoice;

/// <summary>The survey's HTML as a pure function: every text from the setup is data, encoded wherever it lands.</summary>
public sealed class SurveyPageHtmlTests
{
    private const string Hostile = "<script>alert(1)</script> \"quoted\" & 'single' ${x} <img src=x onerror=alert(1)>";

    [Fact]
    public void Form_WithHostileSetupText_EncodesItInEveryPlace()
    {
        var html = SurveyPage.Form(SurveyTexts.English, new SurveyForm(Hostile, [new SurveyQuestion("greeting", Hostile)], "nonce\"><b>", 90));

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<b>", html, StringComparison.Ordinal);
        Assert.Equal(2, Regex.Matches(html, Regex.Escape("&lt;script&gt;alert(1)&lt;/script&gt; &quot;quoted&quot; &amp; &#39;single&#39; ${x} &lt;img src=x onerror=alert(1)&gt;")).Count);
        Assert.Contains("value=\"nonce&quot;&gt;&lt;b&gt;\"", html);
    }

    [Fact]
    public void Message_WithHostileText_EncodesItAndItsLink()
    {
        var html = SurveyPage.Message(SurveyTexts.English, Hostile, Hostile, "/s/x\"><script>");

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("href=\"/s/x&quot;&gt;&lt;script&gt;\"", html);
    }

    [Fact]
    public void EveryPage_CarriesOnlyTheStyleItsPolicyAllows()
    {
        var pages = new[]
        {
            SurveyPage.Form(SurveyTexts.English, new SurveyForm("Contoso", [new SurveyQuestion("a", "A?")], "n", 90)),
            SurveyPage.Message(SurveyTexts.English, "Thank you", "Thank you."),
        };

        Assert.All(pages, html => Assert.Equal(SurveyPage.Css, Regex.Match(html, "<style>(.*?)</style>").Groups[1].Value));
        Assert.All(pages, html => Assert.Single(Regex.Matches(html, "<style")));
        Assert.Contains(SurveyPage.StyleHash, SurveyHeaders.Policy);
    }

    [Theory]
    [InlineData(null, "en")]
    [InlineData("en-GB", "en")]
    [InlineData("xx-YY", "en")]
    public void Texts_ForALanguageWithoutATable_AreEnglish(string? language, string expected) => Assert.Equal(expected, SurveyTexts.For(language).Language);
}
