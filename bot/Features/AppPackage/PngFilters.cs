namespace CxBot.Features.AppPackage;

/// <summary>Reverses the PNG row filters (None, Sub, Up, Average, Paeth) of a decompressed IDAT stream.</summary>
internal static class PngFilters
{
    /// <summary>The unfiltered samples, row after row, without the filter bytes.</summary>
    /// <exception cref="FormatException">The stream ends early or names an unknown filter.</exception>
    public static byte[] Unfilter(Stream inflated, PngHeader header)
    {
        var bpp = header.Channels;
        var stride = header.Width * bpp;
        var result = new byte[stride * header.Height];
        var line = new byte[stride + 1];
        for (var y = 0; y < header.Height; y++)
        {
            try
            {
                inflated.ReadExactly(line);
            }
            catch (EndOfStreamException ex)
            {
                throw new FormatException($"PNG image data ends at row {y} of {header.Height}", ex);
            }

            var row = result.AsSpan(y * stride, stride);
            var previous = y == 0 ? new byte[stride] : result.AsSpan((y - 1) * stride, stride);
            line.AsSpan(1).CopyTo(row);
            for (var i = 0; i < stride; i++)
            {
                int left = i >= bpp ? row[i - bpp] : 0, up = previous[i], upLeft = i >= bpp ? previous[i - bpp] : 0;
                row[i] = line[0] switch
                {
                    0 => row[i],
                    1 => (byte)(row[i] + left),
                    2 => (byte)(row[i] + up),
                    3 => (byte)(row[i] + ((left + up) / 2)),
                    4 => (byte)(row[i] + Paeth(left, up, upLeft)),
                    _ => throw new FormatException($"PNG row {y} has unknown filter {line[0]}"),
                };
            }
        }

        return result;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}

/// <summary>Expands unfiltered samples of any supported colour type to RGBA.</summary>
internal static class PngPixels
{
    public static byte[] ToRgba(byte[] samples, PngHeader header, byte[]? palette, byte[]? transparency)
    {
        var count = header.Width * header.Height;
        var rgba = new byte[count * 4];
        for (var p = 0; p < count; p++)
        {
            var s = p * header.Channels;
            (byte r, byte g, byte b, byte a) = header.ColorType switch
            {
                PngColorType.Grey => (samples[s], samples[s], samples[s], (byte)255),
                PngColorType.GreyAlpha => (samples[s], samples[s], samples[s], samples[s + 1]),
                PngColorType.Rgb => (samples[s], samples[s + 1], samples[s + 2], (byte)255),
                PngColorType.Rgba => (samples[s], samples[s + 1], samples[s + 2], samples[s + 3]),
                _ => FromPalette(samples[s], palette!, transparency),
            };
            rgba[p * 4] = r;
            rgba[(p * 4) + 1] = g;
            rgba[(p * 4) + 2] = b;
            rgba[(p * 4) + 3] = a;
        }

        return rgba;
    }

    private static (byte, byte, byte, byte) FromPalette(byte index, byte[] palette, byte[]? transparency) =>
        index * 3 + 2 < palette.Length
            ? (palette[index * 3], palette[(index * 3) + 1], palette[(index * 3) + 2], transparency is not null && index < transparency.Length ? transparency[index] : (byte)255)
            : throw new FormatException($"palette index {index} is outside the PLTE chunk");
}
