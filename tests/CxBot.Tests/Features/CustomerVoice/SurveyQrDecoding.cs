using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using PdfSharp.Pdf;
using PdfSharp.Pdf.Content;
using PdfSharp.Pdf.Content.Objects;
using PdfSharp.Pdf.IO;
using ZXing;

namespace CxBot.Tests.Features.CustomerVoice;

/// <summary>
/// Reads survey QR codes and posters back the way a phone or a PDF reader would: ZXing decodes pixels; a minimal PNG reader
/// turns the card's PNG into pixels; the poster's PDF is read with PDFsharp, its squares drawn again as pixels and its text
/// mapped back to characters through each font's ToUnicode table.
/// </summary>
internal static partial class SurveyQrDecoding
{
    /// <summary>The text ZXing reads from a grey image (0 black, 255 white), or null.</summary>
    public static string? Decode(byte[] grey, int width, int height)
    {
        var reader = new BarcodeReaderGeneric { Options = { PossibleFormats = [BarcodeFormat.QR_CODE], TryHarder = true } };
        return reader.Decode(grey, width, height, RGBLuminanceSource.BitmapFormat.Gray8)?.Text;
    }

    /// <summary>Modules drawn as <paramref name="scale"/>-pixel squares, as a grey image.</summary>
    public static (byte[] Grey, int Size) Render(bool[,] modules, int scale)
    {
        var count = modules.GetLength(0);
        var size = count * scale;
        var grey = new byte[size * size];
        for (var y = 0; y < size; y++)
        {
            for (var x = 0; x < size; x++)
            {
                grey[(y * size) + x] = modules[y / scale, x / scale] ? (byte)0 : (byte)255;
            }
        }

        return (grey, size);
    }

    /// <summary>A PNG's header facts and its pixels as grey (palette or greyscale, unfiltered scanlines only).</summary>
    public static Png ReadPng(byte[] png)
    {
        byte[] signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        Assert.Equal(signature, png[..8]);
        int width = 0, height = 0, depth = 0, colourType = 0;
        var palette = Array.Empty<byte>();
        using var data = new MemoryStream();
        for (var at = 8; at < png.Length;)
        {
            var length = (png[at] << 24) | (png[at + 1] << 16) | (png[at + 2] << 8) | png[at + 3];
            var type = Encoding.ASCII.GetString(png, at + 4, 4);
            var body = png.AsSpan(at + 8, length);
            switch (type)
            {
                case "IHDR":
                    width = (body[0] << 24) | (body[1] << 16) | (body[2] << 8) | body[3];
                    height = (body[4] << 24) | (body[5] << 16) | (body[6] << 8) | body[7];
                    depth = body[8];
                    colourType = body[9];
                    break;
                case "PLTE":
                    palette = body.ToArray();
                    break;
                case "IDAT":
                    data.Write(body);
                    break;
            }

            at += 12 + length;
        }

        data.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(data, CompressionMode.Decompress))
        {
            zlib.CopyTo(inflated);
        }

        var raw = inflated.ToArray();
        var stride = ((width * depth) + 7) / 8;
        var grey = new byte[width * height];
        for (var y = 0; y < height; y++)
        {
            var line = y * (stride + 1);
            Assert.Equal(0, raw[line]);
            for (var x = 0; x < width; x++)
            {
                var bits = (raw[line + 1 + (x * depth / 8)] >> (8 - depth - (x * depth % 8))) & ((1 << depth) - 1);
                grey[(y * width) + x] = colourType == 3 ? palette[bits * 3] : (byte)(bits * 255 / ((1 << depth) - 1));
            }
        }

        return new Png(width, height, depth, colourType, grey);
    }

    /// <summary>The poster's one page: its size, its filled rectangles drawn again as pixels and decoded, and its text lines.</summary>
    public static Poster ReadPoster(byte[] pdf)
    {
        using var document = PdfReader.Open(new MemoryStream(pdf), PdfDocumentOpenMode.Import);
        var page = document.Pages[0];
        var box = page.MediaBox;
        var fonts = page.Resources.Elements.GetDictionary("/Font")!;
        var maps = new Dictionary<string, Dictionary<int, string>>();
        var lines = new List<string>();
        var rectangles = new List<(double X, double Y, double W, double H)>();
        Dictionary<int, string>? font = null;
        foreach (var op in ContentReader.ReadContent(page).OfType<COperator>())
        {
            switch (op.Name)
            {
                case "Tf":
                    var name = ((CName)op.Operands[0]).Name;
                    font = maps.TryGetValue(name, out var known) ? known : maps[name] = ToUnicode(fonts.Elements.GetDictionary(name)!);
                    break;
                case "Tj":
                    var codes = ((CString)op.Operands[0]).Value;
                    var text = new StringBuilder();
                    for (var i = 0; i + 1 < codes.Length; i += 2)
                    {
                        text.Append(font!.GetValueOrDefault((codes[i] << 8) | codes[i + 1], "\uFFFD"));
                    }

                    lines.Add(text.ToString());
                    break;
                case "re":
                    var n = op.Operands.Select(Number).ToArray();
                    rectangles.Add((n[0], n[1], n[2], n[3]));
                    break;
            }
        }

        return new Poster(document.PageCount, box.Width, box.Height, lines, rectangles.Count, DecodeRectangles(rectangles));
    }

    private static string? DecodeRectangles(List<(double X, double Y, double W, double H)> rectangles)
    {
        if (rectangles.Count == 0)
        {
            return null;
        }

        // Drawn as a PDF viewer shows them (y grows upwards), one module per 4 pixels, with a white border.
        var module = rectangles.Min(r => Math.Abs(r.H));
        var left = rectangles.Min(r => Math.Min(r.X, r.X + r.W));
        var top = rectangles.Max(r => Math.Max(r.Y, r.Y + r.H));
        var count = (int)Math.Round((rectangles.Max(r => Math.Max(r.X, r.X + r.W)) - left) / module) + 8;
        var modules = new bool[count, count];
        foreach (var r in rectangles)
        {
            var row = (int)Math.Round((top - Math.Max(r.Y, r.Y + r.H)) / module) + 4;
            var first = (int)Math.Round((Math.Min(r.X, r.X + r.W) - left) / module) + 4;
            var length = (int)Math.Round(Math.Abs(r.W) / module);
            for (var c = first; c < first + length; c++)
            {
                modules[row, c] = true;
            }
        }

        var (grey, size) = Render(modules, 4);
        return Decode(grey, size, size);
    }

    private static Dictionary<int, string> ToUnicode(PdfDictionary font)
    {
        var cmap = Encoding.ASCII.GetString(font.Elements.GetDictionary("/ToUnicode")!.Stream.UnfilteredValue);
        var map = new Dictionary<int, string>();
        foreach (Match block in BfChar().Matches(cmap))
        {
            foreach (Match pair in Pair().Matches(block.Groups[1].Value))
            {
                map[Convert.ToInt32(pair.Groups[1].Value, 16)] = Utf16(pair.Groups[2].Value);
            }
        }

        foreach (Match block in BfRange().Matches(cmap))
        {
            foreach (Match range in Range().Matches(block.Groups[1].Value))
            {
                var from = Convert.ToInt32(range.Groups[1].Value, 16);
                var to = Convert.ToInt32(range.Groups[2].Value, 16);
                var start = Convert.ToInt32(range.Groups[3].Value, 16);
                for (var code = from; code <= to; code++)
                {
                    map[code] = char.ConvertFromUtf32(start + code - from);
                }
            }
        }

        return map;
    }

    private static string Utf16(string hex) => Encoding.BigEndianUnicode.GetString(Convert.FromHexString(hex));

    private static double Number(CObject operand) => operand switch
    {
        CReal r => r.Value,
        CInteger i => i.Value,
        _ => throw new InvalidOperationException("not a number: " + operand),
    };

    [GeneratedRegex(@"beginbfchar(.*?)endbfchar", RegexOptions.Singleline)]
    private static partial Regex BfChar();

    [GeneratedRegex(@"beginbfrange(.*?)endbfrange", RegexOptions.Singleline)]
    private static partial Regex BfRange();

    [GeneratedRegex(@"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")]
    private static partial Regex Pair();

    [GeneratedRegex(@"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>")]
    private static partial Regex Range();
}

internal sealed record Png(int Width, int Height, int BitDepth, int ColourType, byte[] Grey);

internal sealed record Poster(int Pages, double Width, double Height, IReadOnlyList<string> Lines, int Rectangles, string? QrText)
{
    public string Text => string.Join("\n", Lines);
}
