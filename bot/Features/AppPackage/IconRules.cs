namespace CxBot.Features.AppPackage;

/// <summary>The Teams icon rules: colour 192×192 PNG; outline 32×32 PNG with transparency, every pixel white or fully transparent.</summary>
internal static class IconRules
{
    public const int ColorSize = 192;
    public const int OutlineSize = 32;

    public static IReadOnlyList<ManifestViolation> CheckColor(string path, byte[] file)
    {
        var problems = new List<ManifestViolation>();
        if (Decode(path, file, problems) is { } image && (image.Width != ColorSize || image.Height != ColorSize))
        {
            problems.Add(new(path, $"the colour icon is {image.Width}×{image.Height}; Teams needs {ColorSize}×{ColorSize}"));
        }

        return problems;
    }

    public static IReadOnlyList<ManifestViolation> CheckOutline(string path, byte[] file)
    {
        var problems = new List<ManifestViolation>();
        if (Decode(path, file, problems) is not { } image)
        {
            return problems;
        }

        if (image.Width != OutlineSize || image.Height != OutlineSize)
        {
            problems.Add(new(path, $"the outline icon is {image.Width}×{image.Height}; Teams needs {OutlineSize}×{OutlineSize}"));
        }

        if (!image.HasAlpha)
        {
            problems.Add(new(path, $"the outline icon has no transparency (PNG colour type {image.ColorType}); save it as RGBA"));
        }
        else if (FirstOffColour(image) is { } pixel)
        {
            problems.Add(new(path, $"the outline icon must be white on transparent; pixel ({pixel.X}, {pixel.Y}) is neither"));
        }
        else if (!Pixels(image).Any(p => p.Pixel.A > 0))
        {
            problems.Add(new(path, "the outline icon is fully transparent"));
        }

        return problems;
    }

    /// <summary>White at any opacity is allowed (anti-aliased edges); anything else must be fully transparent.</summary>
    public static bool IsWhiteOrTransparent((byte R, byte G, byte B, byte A) p) => p.A == 0 || (p.R == 255 && p.G == 255 && p.B == 255);

    private static (int X, int Y)? FirstOffColour(PngImage image) =>
        Pixels(image).Where(p => !IsWhiteOrTransparent(p.Pixel)).Select(p => ((int X, int Y)?)(p.X, p.Y)).FirstOrDefault();

    private static IEnumerable<(int X, int Y, (byte R, byte G, byte B, byte A) Pixel)> Pixels(PngImage image)
    {
        for (var y = 0; y < image.Height; y++)
        {
            for (var x = 0; x < image.Width; x++)
            {
                yield return (x, y, image[x, y]);
            }
        }
    }

    private static PngImage? Decode(string path, byte[] file, List<ManifestViolation> problems)
    {
        try
        {
            return PngImage.Decode(file);
        }
        catch (FormatException ex)
        {
            problems.Add(new(path, $"the icon is not a PNG Teams can use: {ex.Message}"));
            return null;
        }
    }
}
