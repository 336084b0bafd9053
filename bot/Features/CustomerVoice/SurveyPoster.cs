using PdfSharp.Drawing;
using PdfSharp.Pdf;

namespace CxBot.Features.CustomerVoice;

/// <summary>
/// The printable A5 poster (portrait, 148 × 210 mm) of a survey link, as a one-page PDF (PDFsharp): the headline in the
/// customer's words, the touchpoint and team, the QR code large in the middle (vector squares, sharp at any print size), the
/// link written out, what the customer is asked, and that no sign-in is needed. Names and questions are plain text from
/// setup: they wrap, shrink and, past a few lines, end in "…"; the QR code never shrinks below 55 mm.
/// </summary>
internal static class SurveyPoster
{
    public const string Headline = "How did we do?";
    public const string Subheadline = "Tell us in 20 seconds";
    public const string Privacy = "No sign-in. Anonymous unless you ask us to contact you.";
    public const string AskedHeading = "We will ask you:";
    public const string Footer = "CxBot";

    /// <summary>At most this many questions are listed; the rest are counted ("and 2 more").</summary>
    public const int MaxQuestionsShown = 5;

    private const double Margin = 34;
    private const double Gap = 10;
    private const double LargestQr = 250;
    private const double SmallestQr = 156;

    private static readonly XColor Ink = XColor.FromArgb(0x1F, 0x23, 0x28);
    private static readonly XColor Muted = XColor.FromArgb(0x55, 0x5B, 0x63);

    /// <summary>The poster as PDF bytes. <paramref name="questions"/> are the customer-facing wordings (optional).</summary>
    public static byte[] Pdf(string teamName, string touchpointName, string url, IReadOnlyList<string>? questions = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(url);
        var modules = SurveyQr.Modules(url);
        SurveyPosterFonts.Install();

        using var document = new PdfDocument();
        var team = SurveyPosterText.Clean(teamName);
        var touchpoint = SurveyPosterText.Clean(touchpointName);
        document.Info.Title = $"Customer survey · {touchpoint} · {team}";
        document.Info.Creator = "CxBot";
        document.Options.CompressContentStreams = true;
        var page = document.AddPage();
        page.Width = XUnit.FromMillimeter(148);
        page.Height = XUnit.FromMillimeter(210);
        using (var graphics = XGraphics.FromPdfPage(page))
        {
            Draw(graphics, page.Width.Point, page.Height.Point, team, touchpoint, SurveyPosterText.Clean(url), questions ?? [], modules);
        }

        using var output = new MemoryStream();
        document.Save(output, closeStream: false);
        return output.ToArray();
    }

    private static void Draw(XGraphics graphics, double pageWidth, double pageHeight, string team, string touchpoint, string url, IReadOnlyList<string> questions, bool[,] modules)
    {
        var width = pageWidth - (2 * Margin);

        // Top block: headline, subheadline, touchpoint, team.
        var top = new List<Block>
        {
            Block.Of(SurveyPosterText.Fit(graphics, Headline, bold: true, 36, 36, 1, width), Ink, after: 6),
            Block.Of(SurveyPosterText.Fit(graphics, Subheadline, bold: false, 18, 18, 1, width), Muted, after: 16),
        };
        if (touchpoint.Length > 0)
        {
            top.Add(Block.Of(SurveyPosterText.Fit(graphics, touchpoint, bold: true, 17, 10, 2, width), Ink, after: 3));
        }

        if (team.Length > 0)
        {
            top.Add(Block.Of(SurveyPosterText.Fit(graphics, team, bold: false, 13, 9, 2, width), Muted, after: 0));
        }

        // Bottom block: the link, the questions, the privacy line; the footer sits on its own at the foot of the page.
        var bottom = new List<Block> { Block.Of(SurveyPosterText.Fit(graphics, url, bold: false, 12, 8, 2, width), Ink, after: 12) };
        var asked = questions.Select(SurveyPosterText.Clean).Where(q => q.Length > 0).ToList();
        if (asked.Count > 0)
        {
            bottom.Add(Block.Of(SurveyPosterText.Fit(graphics, AskedHeading, bold: true, 10, 10, 1, width), Ink, after: 2));
            foreach (var question in asked.Take(MaxQuestionsShown))
            {
                bottom.Add(Block.Of(SurveyPosterText.Fit(graphics, question, bold: false, 10, 8, 1, width), Ink, after: 1));
            }

            if (asked.Count > MaxQuestionsShown)
            {
                bottom.Add(Block.Of(SurveyPosterText.Fit(graphics, $"and {asked.Count - MaxQuestionsShown} more", bold: false, 10, 10, 1, width), Muted, after: 1));
            }

            bottom[^1] = bottom[^1] with { After = 10 };
        }

        bottom.Add(Block.Of(SurveyPosterText.Fit(graphics, Privacy, bold: false, 10, 8, 2, width), Muted, after: 0));
        var footer = Block.Of(SurveyPosterText.Fit(graphics, Footer, bold: true, 8, 8, 1, width), Muted, after: 0);

        var footerTop = pageHeight - 22 - footer.Height;
        var topEnd = 40 + top.Sum(b => b.Height);
        var bottomHeight = bottom.Sum(b => b.Height);
        var qr = Math.Clamp(footerTop - 10 - bottomHeight - topEnd - (2 * Gap), SmallestQr, LargestQr);
        var free = footerTop - 10 - bottomHeight - topEnd - qr;
        var qrTop = topEnd + Math.Max(Gap, free / 2);

        var y = 40.0;
        foreach (var block in top)
        {
            y = block.Draw(graphics, Margin, y, width);
        }

        DrawQr(graphics, modules, (pageWidth - qr) / 2, qrTop, qr);
        y = qrTop + qr + Gap;
        foreach (var block in bottom)
        {
            y = block.Draw(graphics, Margin, y, width);
        }

        footer.Draw(graphics, Margin, footerTop, width);
    }

    /// <summary>The modules as black squares, merged into one rectangle per run of dark modules in a row.</summary>
    private static void DrawQr(XGraphics graphics, bool[,] modules, double left, double top, double side)
    {
        var count = modules.GetLength(0);
        var module = side / count;
        for (var row = 0; row < count; row++)
        {
            var column = 0;
            while (column < count)
            {
                if (!modules[row, column])
                {
                    column++;
                    continue;
                }

                var start = column;
                while (column < count && modules[row, column])
                {
                    column++;
                }

                graphics.DrawRectangle(XBrushes.Black, left + (start * module), top + (row * module), (column - start) * module, module);
            }
        }
    }

    /// <summary>Lines of text in one font and colour, centred, and the space after them.</summary>
    private sealed record Block(XFont Font, IReadOnlyList<string> Lines, XColor Color, double After)
    {
        public double Height => (Lines.Count * LineHeight) + After;

        private double LineHeight => Font.Size * 1.22;

        public static Block Of((XFont Font, IReadOnlyList<string> Lines) fit, XColor color, double after) => new(fit.Font, fit.Lines, color, after);

        public double Draw(XGraphics graphics, double left, double top, double width)
        {
            var brush = new XSolidBrush(Color);
            var y = top;
            foreach (var line in Lines)
            {
                graphics.DrawString(line, Font, brush, new XRect(left, y, width, LineHeight), XStringFormats.TopCenter);
                y += LineHeight;
            }

            return y + After;
        }
    }
}
