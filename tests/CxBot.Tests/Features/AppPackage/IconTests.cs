using System.Text.Json.Nodes;
using CxBot.Features.AppPackage;
using CxBot.Testing;

namespace CxBot.Tests.Features.AppPackage;

public sealed class IconTests
{
    private static readonly string Folder = Path.Combine(RepoPaths.Root, "manifest");

    [Fact]
    public void ColorIcon_Committed_Is192SquarePngInTheAccentColour()
    {
        var file = File.ReadAllBytes(Path.Combine(Folder, "color.png"));
        var image = PngImage.Decode(file);
        var accent = (string)JsonNode.Parse(File.ReadAllText(Path.Combine(Folder, "manifest.template.json")))!["accentColor"]!;

        Assert.Equal((192, 192), (image.Width, image.Height));
        Assert.Empty(IconRules.CheckColor("/icons/color", file));
        // Full bleed: the corners are the manifest's accent colour, fully opaque; the glyph in the middle is white.
        var corner = image[0, 0];
        Assert.Equal(accent.ToUpperInvariant(), $"#{corner.R:X2}{corner.G:X2}{corner.B:X2}");
        Assert.Equal(255, corner.A);
        Assert.Equal(image[0, 0], image[191, 191]);
        Assert.Equal(((byte)255, (byte)255, (byte)255, (byte)255), image[60, 60]);
    }

    [Fact]
    public void OutlineIcon_Committed_Is32SquareWhiteOnTransparent()
    {
        var file = File.ReadAllBytes(Path.Combine(Folder, "outline.png"));
        var image = PngImage.Decode(file);
        var pixels = (from y in Enumerable.Range(0, image.Height) from x in Enumerable.Range(0, image.Width) select image[x, y]).ToList();

        Assert.Equal((32, 32), (image.Width, image.Height));
        Assert.True(image.HasAlpha);
        Assert.Equal(PngColorType.Rgba, image.ColorType);
        Assert.All(pixels, p => Assert.True(p.A == 0 || (p.R, p.G, p.B) == (255, 255, 255), $"pixel {p} is neither transparent nor white"));
        Assert.Contains(pixels, p => p.A == 255);
        Assert.True(pixels.Count(p => p.A == 0) > pixels.Count / 2, "the outline icon should be mostly transparent");
        Assert.Equal(0, image[0, 0].A);
        Assert.Empty(IconRules.CheckOutline("/icons/outline", file));
    }

    [Fact]
    public void Decode_EveryRowFilter_RoundTripsEveryPixel()
    {
        static (byte, byte, byte, byte) Pixel(int x, int y) => ((byte)(x * 37 + y), (byte)(y * 53 ^ x), (byte)(x * y), (byte)(255 - x - y));
        var file = TestPng.Encode(13, 11, Pixel);

        var image = PngImage.Decode(file);

        Assert.Equal((13, 11), (image.Width, image.Height));
        for (var y = 0; y < 11; y++)
        {
            for (var x = 0; x < 13; x++)
            {
                Assert.Equal(Pixel(x, y), image[x, y]);
            }
        }
    }

    [Fact]
    public void CheckOutline_OneGreyPixel_RefusedNamingThePixel()
    {
        var file = TestPng.Encode(32, 32, (x, y) => (x, y) == (5, 7) ? ((byte)128, (byte)128, (byte)128, (byte)255) : ((byte)255, (byte)255, (byte)255, (byte)(x < 16 ? 0 : 255)));

        var problems = IconRules.CheckOutline("/icons/outline", file);

        var problem = Assert.Single(problems);
        Assert.Equal("/icons/outline", problem.Path);
        Assert.Contains("(5, 7)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckOutline_NoAlphaChannel_Refused()
    {
        var file = TestPng.Encode(32, 32, (_, _) => (255, 255, 255, 255), alpha: false);

        var problem = Assert.Single(IconRules.CheckOutline("/icons/outline", file));

        Assert.Contains("no transparency", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckOutline_HalfTransparentWhiteEdges_Accepted()
    {
        var file = TestPng.Encode(32, 32, (x, _) => (255, 255, 255, (byte)(x * 8)));

        Assert.Empty(IconRules.CheckOutline("/icons/outline", file));
    }

    [Fact]
    public void CheckColorAndOutline_WrongSizes_RefusedWithTheSize()
    {
        var big = TestPng.Encode(64, 48, (_, _) => (11, 110, 105, 255));

        Assert.Contains("64×48", Assert.Single(IconRules.CheckColor("/icons/color", big)).Message, StringComparison.Ordinal);
        Assert.Contains(IconRules.CheckOutline("/icons/outline", big), p => p.Message.Contains("64×48", StringComparison.Ordinal));
    }

    [Fact]
    public void CheckColor_NotAPng_RefusedNotThrown()
    {
        var problem = Assert.Single(IconRules.CheckColor("/icons/color", "GIF89a not really"u8.ToArray()));

        Assert.Equal("/icons/color", problem.Path);
        Assert.Contains("not a PNG", problem.Message, StringComparison.Ordinal);
    }
}
