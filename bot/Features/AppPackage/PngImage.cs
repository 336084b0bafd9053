using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace CxBot.Features.AppPackage;

/// <summary>
/// A PNG decoded to 8-bit RGBA: enough of the format (8-bit greyscale, RGB, palette, grey+alpha and RGBA, not
/// interlaced) to check the Teams icons without an imaging library.
/// </summary>
internal sealed class PngImage
{
    private static readonly byte[] Signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    private readonly byte[] _rgba;

    private PngImage(int width, int height, PngColorType colorType, byte[] rgba)
    {
        Width = width;
        Height = height;
        ColorType = colorType;
        _rgba = rgba;
    }

    public int Width { get; }

    public int Height { get; }

    public PngColorType ColorType { get; }

    /// <summary>Whether the file can carry transparency: an alpha channel, or a palette with a <c>tRNS</c> chunk.</summary>
    public bool HasAlpha { get; private init; }

    /// <summary>The pixel at (<paramref name="x"/>, <paramref name="y"/>), top left first.</summary>
    public (byte R, byte G, byte B, byte A) this[int x, int y]
    {
        get
        {
            var o = ((y * Width) + x) * 4;
            return (_rgba[o], _rgba[o + 1], _rgba[o + 2], _rgba[o + 3]);
        }
    }

    /// <exception cref="FormatException">Not a PNG, or a kind this decoder does not read; the message says which.</exception>
    public static PngImage Decode(ReadOnlySpan<byte> file)
    {
        if (file.Length < Signature.Length || !file[..Signature.Length].SequenceEqual(Signature))
        {
            throw new FormatException("not a PNG file (wrong signature)");
        }

        var header = default(PngHeader?);
        byte[]? palette = null, transparency = null;
        using var compressed = new MemoryStream();
        for (var offset = Signature.Length; offset + 12 <= file.Length;)
        {
            var length = checked((int)BinaryPrimitives.ReadUInt32BigEndian(file[offset..]));
            var type = Encoding.ASCII.GetString(file.Slice(offset + 4, 4));
            var data = file.Slice(offset + 8, length);
            offset += 12 + length;
            switch (type)
            {
                case "IHDR":
                    header = PngHeader.Read(data);
                    break;
                case "PLTE":
                    palette = data.ToArray();
                    break;
                case "tRNS":
                    transparency = data.ToArray();
                    break;
                case "IDAT":
                    compressed.Write(data);
                    break;
                case "IEND":
                    offset = file.Length;
                    break;
            }
        }

        var h = header ?? throw new FormatException("PNG without an IHDR chunk");
        if (h.ColorType == PngColorType.Palette && palette is null)
        {
            throw new FormatException("palette PNG without a PLTE chunk");
        }

        compressed.Position = 0;
        using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
        var rows = PngFilters.Unfilter(zlib, h);
        var rgba = PngPixels.ToRgba(rows, h, palette, transparency);
        var hasAlpha = h.ColorType is PngColorType.GreyAlpha or PngColorType.Rgba || (h.ColorType == PngColorType.Palette && transparency is not null);
        return new PngImage(h.Width, h.Height, h.ColorType, rgba) { HasAlpha = hasAlpha };
    }
}

/// <summary>The PNG colour types (IHDR byte 9).</summary>
internal enum PngColorType
{
    Grey = 0,
    Rgb = 2,
    Palette = 3,
    GreyAlpha = 4,
    Rgba = 6,
}

/// <summary>The IHDR fields this decoder needs, checked against what it supports.</summary>
internal readonly record struct PngHeader(int Width, int Height, PngColorType ColorType)
{
    public int Channels => ColorType switch
    {
        PngColorType.Grey or PngColorType.Palette => 1,
        PngColorType.GreyAlpha => 2,
        PngColorType.Rgb => 3,
        _ => 4,
    };

    public static PngHeader Read(ReadOnlySpan<byte> data)
    {
        if (data.Length < 13)
        {
            throw new FormatException("IHDR chunk too short");
        }

        var width = checked((int)BinaryPrimitives.ReadUInt32BigEndian(data));
        var height = checked((int)BinaryPrimitives.ReadUInt32BigEndian(data[4..]));
        var colorType = (PngColorType)data[9];
        if (width is < 1 or > 4096 || height is < 1 or > 4096)
        {
            throw new FormatException($"PNG size {width}×{height} is out of range");
        }

        if (data[8] != 8 || !Enum.IsDefined(colorType))
        {
            throw new FormatException($"PNG with bit depth {data[8]} and colour type {data[9]}: only 8-bit images are read");
        }

        if (data[12] != 0)
        {
            throw new FormatException("interlaced PNG: save it without interlacing");
        }

        return new PngHeader(width, height, colorType);
    }
}
