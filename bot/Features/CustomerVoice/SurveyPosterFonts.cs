using PdfSharp.Fonts;

namespace CxBot.Features.CustomerVoice;

/// <summary>
/// The poster's only font, DejaVu Sans (regular and bold), read from the files embedded in this assembly: PDFsharp finds no
/// fonts by itself on Linux, and the container may have none installed. Every family name resolves to it, so a PDF never
/// fails for want of a font; characters it lacks (emoji) print as an empty box.
/// </summary>
internal sealed class SurveyPosterFonts : IFontResolver
{
    public const string Family = "DejaVu Sans";

    private const string Regular = "DejaVuSans";
    private const string Bold = "DejaVuSans-Bold";

    private static readonly SurveyPosterFonts Instance = new();
    private static readonly Lock Gate = new();
    private static readonly Lazy<byte[]> RegularBytes = new(() => Load(Regular));
    private static readonly Lazy<byte[]> BoldBytes = new(() => Load(Bold));

    private SurveyPosterFonts()
    {
    }

    /// <summary>Makes this the PDFsharp font resolver of the process (PDFsharp allows one, set before first use).</summary>
    public static void Install()
    {
        lock (Gate)
        {
            if (GlobalFontSettings.FontResolver is null)
            {
                GlobalFontSettings.FontResolver = Instance;
            }
            else if (!ReferenceEquals(GlobalFontSettings.FontResolver, Instance))
            {
                throw new InvalidOperationException("Another PDFsharp font resolver is installed; the survey poster needs its own.");
            }
        }
    }

    public FontResolverInfo? ResolveTypeface(string familyName, bool bold, bool italic) =>
        new(bold ? Bold : Regular, mustSimulateBold: false, mustSimulateItalic: italic);

    public byte[]? GetFont(string faceName) => faceName switch
    {
        Regular => RegularBytes.Value,
        Bold => BoldBytes.Value,
        _ => null,
    };

    private static byte[] Load(string face)
    {
        var name = $"CxBot.SurveyPosterFonts.{face}.ttf";
        using var stream = typeof(SurveyPosterFonts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded font {name} is missing from the assembly.");
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    }
}
