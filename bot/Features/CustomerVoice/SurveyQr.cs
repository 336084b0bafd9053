using QRCoder;

namespace CxBot.Features.CustomerVoice;

/// <summary>
/// The QR code of a survey link (QRCoder): medium error correction (about 15% of the code may be dirty or torn) and the
/// standard quiet zone of 4 modules. The PNG is black and white with a 2-colour palette, so it stays well under 1 KB for a
/// survey link and fits in a card as a data URI; the poster draws the same modules as vector squares.
/// </summary>
internal static class SurveyQr
{
    /// <summary>Pixels per module in the card's PNG: a 41-module code (link of about 60 characters) is 246 px square.</summary>
    public const int CardPixelsPerModule = 6;

    /// <summary>The blank border around the code, in modules (the QR standard's minimum).</summary>
    public const int QuietZoneModules = 4;

    /// <summary>The longest link we encode; a survey link is far shorter, and a longer one would make a dense, hard-to-scan code.</summary>
    public const int MaxUrlLength = 500;

    /// <summary>The code's modules with the quiet zone, as <c>[row, column]</c>; <c>true</c> is dark.</summary>
    public static bool[,] Modules(string url)
    {
        using var data = Create(url);
        var matrix = data.ModuleMatrix;
        var size = matrix.Count;
        var modules = new bool[size, size];
        for (var row = 0; row < size; row++)
        {
            for (var column = 0; column < size; column++)
            {
                modules[row, column] = matrix[row][column];
            }
        }

        return modules;
    }

    /// <summary>The code as a black-and-white PNG, quiet zone included, <paramref name="pixelsPerModule"/> pixels per module.</summary>
    public static byte[] Png(string url, int pixelsPerModule = CardPixelsPerModule)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(pixelsPerModule, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(pixelsPerModule, 40);
        using var data = Create(url);
        return new PngByteQRCode(data).GetGraphic(pixelsPerModule, drawQuietZones: true);
    }

    /// <summary>The PNG as a <c>data:image/png;base64,…</c> URI for an Adaptive Card <c>Image.url</c>.</summary>
    public static string PngDataUri(string url, int pixelsPerModule = CardPixelsPerModule) =>
        "data:image/png;base64," + Convert.ToBase64String(Png(url, pixelsPerModule));

    private static QRCodeData Create(string url)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        if (url.Length > MaxUrlLength)
        {
            throw new ArgumentException($"A survey link is at most {MaxUrlLength} characters.", nameof(url));
        }

        using var generator = new QRCodeGenerator();
        return generator.CreateQrCode(url, QRCodeGenerator.ECCLevel.M);
    }
}
