using CxBot.Features.CustomerVoice;

namespace CxBot.Tests.Features.CustomerVoice;

public class SurveyQrTests
{
    public static TheoryData<string> Links() =>
    [
        "https://cxbot.example.com/s/q7Xk2pLm",
        "https://cxbot-prod.azurewebsites.net/survey/eyJ0IjoiY29udG9zbyIsInRtIjoiMTlhYmMiLCJ0cCI6ImNoZWNrb3V0In0.s1gNaTuRe_x-9",
        "http://localhost:5123/s/abc?lang=fr&x=ç",
    ];

    [Theory]
    [MemberData(nameof(Links))]
    public void Modules_ReadBackByAScanner_GiveTheLink(string url)
    {
        var modules = SurveyQr.Modules(url);

        var (grey, size) = SurveyQrDecoding.Render(modules, 3);
        Assert.Equal(url, SurveyQrDecoding.Decode(grey, size, size));
    }

    [Fact]
    public void Modules_HaveTheQuietZone()
    {
        var modules = SurveyQr.Modules("https://cxbot.example.com/s/q7Xk2pLm");

        var count = modules.GetLength(0);
        Assert.Equal(count, modules.GetLength(1));
        for (var i = 0; i < count; i++)
        {
            for (var edge = 0; edge < SurveyQr.QuietZoneModules; edge++)
            {
                Assert.False(modules[edge, i] || modules[i, edge] || modules[count - 1 - edge, i] || modules[i, count - 1 - edge]);
            }
        }

        // The finder pattern's corner starts right inside the quiet zone.
        Assert.True(modules[SurveyQr.QuietZoneModules, SurveyQr.QuietZoneModules]);
    }

    [Theory]
    [MemberData(nameof(Links))]
    public void Png_IsASmallBlackAndWhitePngThatScans(string url)
    {
        var bytes = SurveyQr.Png(url);

        var png = SurveyQrDecoding.ReadPng(bytes);
        var modules = SurveyQr.Modules(url).GetLength(0);
        Assert.Equal(modules * SurveyQr.CardPixelsPerModule, png.Width);
        Assert.Equal(png.Width, png.Height);
        Assert.Equal(1, png.BitDepth);
        Assert.True(bytes.Length < 1500, $"{bytes.Length} bytes");
        Assert.All(png.Grey, p => Assert.True(p is 0 or 255));
        Assert.Equal(url, SurveyQrDecoding.Decode(png.Grey, png.Width, png.Height));
    }

    [Fact]
    public void PngDataUri_CarriesThePngInBase64()
    {
        const string url = "https://cxbot.example.com/s/q7Xk2pLm";

        var uri = SurveyQr.PngDataUri(url);

        Assert.StartsWith("data:image/png;base64,", uri, StringComparison.Ordinal);
        Assert.Equal(SurveyQr.Png(url), Convert.FromBase64String(uri["data:image/png;base64,".Length..]));
        Assert.True(uri.Length < 2000, $"{uri.Length} characters");
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Modules_OfNoLink_Refused(string url) => Assert.ThrowsAny<ArgumentException>(() => SurveyQr.Modules(url));

    [Fact]
    public void Png_OfAnOverlongLink_Refused() =>
        Assert.Throws<ArgumentException>(() => SurveyQr.Png("https://cxbot.example.com/s/" + new string('a', SurveyQr.MaxUrlLength)));
}
