using System.Globalization;
using System.Text;
using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace CxBot.Features.CustomerVoice;

/// <summary>
/// Fits text from setup (team and touchpoint names, questions) into a box on the poster: the text is data, so control and
/// format characters are dropped, words wrap, a word too long for the line breaks between characters (never inside one),
/// the size shrinks down to a floor, and what still does not fit ends in "…".
/// </summary>
internal static class SurveyPosterText
{
    private const string Ellipsis = "…";

    /// <summary>The text as the poster prints it: one line, no control or invisible format characters, spaces collapsed.</summary>
    public static string Clean(string? text)
    {
        var builder = new StringBuilder();
        foreach (var rune in (text ?? string.Empty).EnumerateRunes())
        {
            var category = Rune.GetUnicodeCategory(rune);
            if (category is UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator
                || Rune.IsWhiteSpace(rune))
            {
                if (builder.Length > 0 && builder[^1] != ' ')
                {
                    builder.Append(' ');
                }

                continue;
            }

            builder.Append(rune.ToString());
        }

        return builder.ToString().Trim();
    }

    /// <summary>The largest size from <paramref name="largest"/> down to <paramref name="smallest"/> at which the text fits in <paramref name="maxLines"/> lines, and the lines.</summary>
    public static (XFont Font, IReadOnlyList<string> Lines) Fit(XGraphics graphics, string text, bool bold, double largest, double smallest, int maxLines, double width)
    {
        var style = bold ? XFontStyleEx.Bold : XFontStyleEx.Regular;
        var options = new XPdfFontOptions(PdfFontEncoding.Unicode);
        XFont font = null!;
        List<string> lines = [];
        for (var size = largest; size >= smallest - 0.01; size -= 1)
        {
            font = new XFont(SurveyPosterFonts.Family, size, style, options);
            lines = Wrap(graphics, text, font, width);
            if (lines.Count <= maxLines)
            {
                return (font, lines);
            }
        }

        var kept = lines.Take(maxLines).ToList();
        kept[^1] = Shorten(graphics, kept[^1] + " " + string.Join(" ", lines.Skip(maxLines)), font, width);
        return (font, kept);
    }

    /// <summary>Greedy word wrap at <paramref name="width"/>; a word wider than the line breaks between text elements.</summary>
    public static List<string> Wrap(XGraphics graphics, string text, XFont font, double width)
    {
        var lines = new List<string>();
        var line = string.Empty;
        foreach (var word in text.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var candidate = line.Length == 0 ? word : line + " " + word;
            if (Width(graphics, candidate, font) <= width)
            {
                line = candidate;
                continue;
            }

            if (line.Length > 0)
            {
                lines.Add(line);
            }

            line = word;
            while (Width(graphics, line, font) > width)
            {
                var cut = Prefix(graphics, line, font, width);
                lines.Add(line[..cut]);
                line = line[cut..];
            }
        }

        if (line.Length > 0)
        {
            lines.Add(line);
        }

        return lines;
    }

    private static string Shorten(XGraphics graphics, string line, XFont font, double width)
    {
        if (Width(graphics, line, font) <= width)
        {
            return line;
        }

        var cut = Prefix(graphics, line, font, width - Width(graphics, Ellipsis, font));
        return line[..cut].TrimEnd() + Ellipsis;
    }

    /// <summary>How many UTF-16 units of whole text elements fit in <paramref name="width"/> (at least one element).</summary>
    private static int Prefix(XGraphics graphics, string text, XFont font, double width)
    {
        var boundaries = StringInfo.ParseCombiningCharacters(text);
        var fits = boundaries.Length > 1 ? boundaries[1] : text.Length;
        for (var i = 2; i <= boundaries.Length; i++)
        {
            var end = i < boundaries.Length ? boundaries[i] : text.Length;
            if (Width(graphics, text[..end], font) > width)
            {
                break;
            }

            fits = end;
        }

        return fits;
    }

    private static double Width(XGraphics graphics, string text, XFont font) => graphics.MeasureString(text, font).Width;
}
