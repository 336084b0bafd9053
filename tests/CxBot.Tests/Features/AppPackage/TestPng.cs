using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;

namespace CxBot.Tests.Features.AppPackage;

/// <summary>Writes small PNGs for the tests, with a chosen colour type and every row filter in turn (None, Sub, Up, Average, Paeth).</summary>
internal static class TestPng
{
    private static readonly uint[] CrcTable = [.. Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var k = 0; k < 8; k++)
        {
            c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
        }

        return c;
    })];

    /// <summary>An image whose pixel (x, y) is <paramref name="pixel"/>(x, y), as RGBA (colour type 6) or RGB (2).</summary>
    public static byte[] Encode(int width, int height, Func<int, int, (byte R, byte G, byte B, byte A)> pixel, bool alpha = true)
    {
        var bpp = alpha ? 4 : 3;
        var stride = width * bpp;
        var raw = new byte[height][];
        for (var y = 0; y < height; y++)
        {
            raw[y] = new byte[stride];
            for (var x = 0; x < width; x++)
            {
                var (r, g, b, a) = pixel(x, y);
                raw[y][x * bpp] = r;
                raw[y][(x * bpp) + 1] = g;
                raw[y][(x * bpp) + 2] = b;
                if (alpha)
                {
                    raw[y][(x * bpp) + 3] = a;
                }
            }
        }

        using var idat = new MemoryStream();
        using (var zlib = new ZLibStream(idat, CompressionLevel.Optimal, leaveOpen: true))
        {
            for (var y = 0; y < height; y++)
            {
                var filter = (byte)(y % 5);
                zlib.WriteByte(filter);
                zlib.Write(Filter(filter, raw[y], y > 0 ? raw[y - 1] : new byte[stride], bpp));
            }
        }

        var header = new byte[13];
        BinaryPrimitives.WriteUInt32BigEndian(header, (uint)width);
        BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(4), (uint)height);
        header[8] = 8;
        header[9] = (byte)(alpha ? 6 : 2);
        using var file = new MemoryStream();
        file.Write([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A]);
        Chunk(file, "IHDR", header);
        Chunk(file, "IDAT", idat.ToArray());
        Chunk(file, "IEND", []);
        return file.ToArray();
    }

    private static byte[] Filter(byte filter, byte[] row, byte[] previous, int bpp)
    {
        var result = new byte[row.Length];
        for (var i = 0; i < row.Length; i++)
        {
            int left = i >= bpp ? row[i - bpp] : 0, up = previous[i], upLeft = i >= bpp ? previous[i - bpp] : 0;
            var predicted = filter switch
            {
                0 => 0,
                1 => left,
                2 => up,
                3 => (left + up) / 2,
                _ => Paeth(left, up, upLeft),
            };
            result[i] = (byte)(row[i] - predicted);
        }

        return result;
    }

    private static int Paeth(int a, int b, int c)
    {
        int p = a + b - c, pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static void Chunk(Stream file, string type, byte[] data)
    {
        var buffer = new byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(buffer, (uint)data.Length);
        file.Write(buffer);
        var body = Encoding.ASCII.GetBytes(type).Concat(data).ToArray();
        file.Write(body);
        BinaryPrimitives.WriteUInt32BigEndian(buffer, Crc(body));
        file.Write(buffer);
    }

    private static uint Crc(byte[] data)
    {
        var c = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            c = CrcTable[(c ^ b) & 0xFF] ^ (c >> 8);
        }

        return c ^ 0xFFFFFFFFu;
    }
}
