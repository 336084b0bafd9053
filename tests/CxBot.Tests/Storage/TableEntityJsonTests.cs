using System.Text;
using System.Text.Json;
using CxBot.Storage;

namespace CxBot.Tests.Storage;

public sealed class TableEntityJsonTests
{
    [Fact]
    public void Encode_EveryType_WritesValueWithAnnotationWhereNeeded()
    {
        var when = new DateTimeOffset(2026, 11, 22, 13, 14, 15, TimeSpan.FromHours(2)).AddTicks(1234567);
        var id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");
        var entity = new TableEntity("p", "r")
        {
            ["Text"] = "hé \"quoted\"",
            ["Flag"] = true,
            ["Count"] = 42,
            ["Big"] = 9_007_199_254_740_993L,
            ["Ratio"] = 2.0,
            ["When"] = when,
            ["Id"] = id,
            ["Bytes"] = new byte[] { 1, 2, 255 },
        };

        using var doc = JsonDocument.Parse(TableEntityJson.Encode(entity));
        var root = doc.RootElement;

        Assert.Equal("p", root.GetProperty("PartitionKey").GetString());
        Assert.Equal("r", root.GetProperty("RowKey").GetString());
        Assert.Equal("hé \"quoted\"", root.GetProperty("Text").GetString());
        Assert.False(root.TryGetProperty("Text@odata.type", out _));
        Assert.True(root.GetProperty("Flag").GetBoolean());
        Assert.Equal(42, root.GetProperty("Count").GetInt32());
        Assert.False(root.TryGetProperty("Count@odata.type", out _));
        Assert.Equal("Edm.Int64", root.GetProperty("Big@odata.type").GetString());
        Assert.Equal("9007199254740993", root.GetProperty("Big").GetString());
        Assert.Equal("Edm.Double", root.GetProperty("Ratio@odata.type").GetString());
        Assert.Equal(2.0, root.GetProperty("Ratio").GetDouble());
        Assert.Equal("Edm.DateTime", root.GetProperty("When@odata.type").GetString());
        Assert.Equal("2026-11-22T11:14:15.1234567Z", root.GetProperty("When").GetString());
        Assert.Equal("Edm.Guid", root.GetProperty("Id@odata.type").GetString());
        Assert.Equal("0f8fad5b-d9cb-469f-a165-70867728950e", root.GetProperty("Id").GetString());
        Assert.Equal("Edm.Binary", root.GetProperty("Bytes@odata.type").GetString());
        Assert.Equal("AQL/", root.GetProperty("Bytes").GetString());
    }

    [Theory]
    [InlineData(double.NaN, "NaN")]
    [InlineData(double.PositiveInfinity, "Infinity")]
    [InlineData(double.NegativeInfinity, "-Infinity")]
    public void Encode_NonFiniteDouble_WritesTypedString(double value, string expected)
    {
        using var doc = JsonDocument.Parse(TableEntityJson.Encode(new TableEntity("p", "r") { ["D"] = value }));

        Assert.Equal(expected, doc.RootElement.GetProperty("D").GetString());
        Assert.Equal("Edm.Double", doc.RootElement.GetProperty("D@odata.type").GetString());
    }

    [Fact]
    public void Decode_ServiceMinimalMetadata_RestoresTypes()
    {
        const string json = """
            {"odata.metadata":"x","odata.etag":"W/\"datetime'2026-11-22T11%3A00%3A00.1234567Z'\"",
             "PartitionKey":"p","RowKey":"r","Timestamp@odata.type":"Edm.DateTime","Timestamp":"2026-11-22T11:00:00.1234567Z",
             "S":"text","B":false,"I":7,"D":1.5,"DWhole@odata.type":"Edm.Double","DWhole":3,
             "L@odata.type":"Edm.Int64","L":"-5","T@odata.type":"Edm.DateTime","T":"2026-01-02T03:04:05.0000001Z",
             "G@odata.type":"Edm.Guid","G":"0f8fad5b-d9cb-469f-a165-70867728950e","X@odata.type":"Edm.Binary","X":"AQL/"}
            """;
        using var doc = JsonDocument.Parse(json);

        var entity = TableEntityJson.Decode(doc.RootElement);

        Assert.Equal("p", entity.PartitionKey);
        Assert.Equal("r", entity.RowKey);
        Assert.Equal("W/\"datetime'2026-11-22T11%3A00%3A00.1234567Z'\"", entity.ETag.ToString());
        Assert.Equal(new DateTimeOffset(2026, 11, 22, 11, 0, 0, TimeSpan.Zero).AddTicks(1234567), entity.Timestamp);
        Assert.Equal("text", entity["S"]);
        Assert.Equal(false, entity["B"]);
        Assert.Equal(7, entity["I"]);
        Assert.Equal(1.5, entity["D"]);
        Assert.Equal(3.0, entity["DWhole"]);
        Assert.Equal(-5L, entity["L"]);
        Assert.Equal(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero).AddTicks(1), entity["T"]);
        Assert.Equal(Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e"), entity["G"]);
        Assert.Equal(new byte[] { 1, 2, 255 }, entity["X"]);
        Assert.Equal(9, entity.Count);
    }

    [Fact]
    public void Encode_ThenDecode_RoundTripsExtremes()
    {
        var entity = new TableEntity("p", "r")
        {
            ["MinInt"] = int.MinValue,
            ["MaxLong"] = long.MaxValue,
            ["Tiny"] = double.Epsilon,
            ["Empty"] = "",
            ["NoBytes"] = Array.Empty<byte>(),
            ["Emoji"] = "👍🏽 ${x} <at>Bob</at>",
        };

        using var doc = JsonDocument.Parse(TableEntityJson.Encode(entity));
        var back = TableEntityJson.Decode(doc.RootElement);

        Assert.Equal(int.MinValue, back["MinInt"]);
        Assert.Equal(long.MaxValue, back["MaxLong"]);
        Assert.Equal(double.Epsilon, back["Tiny"]);
        Assert.Equal("", back["Empty"]);
        Assert.Equal(Array.Empty<byte>(), back["NoBytes"]);
        Assert.Equal("👍🏽 ${x} <at>Bob</at>", back["Emoji"]);
    }

    [Fact]
    public void Encode_TooManyProperties_Throws()
    {
        var entity = new TableEntity("p", "r");
        for (var i = 0; i < 253; i++)
        {
            entity["P" + i] = i;
        }

        var ex = Assert.Throws<ArgumentException>(() => TableEntityJson.Encode(entity));
        Assert.Contains("252", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Indexer_NullValue_RemovesProperty()
    {
        var entity = new TableEntity("p", "r") { ["A"] = "x" };

        entity["A"] = null;

        Assert.False(entity.ContainsKey("A"));
        var json = Encoding.UTF8.GetString(TableEntityJson.Encode(entity));
        Assert.DoesNotContain("\"A\"", json, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("PartitionKey")]
    [InlineData("Timestamp")]
    [InlineData("odata.etag")]
    [InlineData("has space")]
    [InlineData("1starts")]
    [InlineData("")]
    public void Indexer_BadPropertyName_Throws(string name)
    {
        var entity = new TableEntity("p", "r");

        Assert.Throws<ArgumentException>(() => entity[name] = 1);
    }

    [Fact]
    public void Indexer_UnsupportedTypes_ThrowWithReason()
    {
        var entity = new TableEntity("p", "r");

        Assert.Contains("DateTimeOffset", Assert.Throws<ArgumentException>(() => entity["D"] = DateTime.UtcNow).Message, StringComparison.Ordinal);
        Assert.Contains("Decimal", Assert.Throws<ArgumentException>(() => entity["M"] = 1.5m).Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => entity["S"] = new string('x', 32 * 1024 + 1));
        Assert.Throws<ArgumentException>(() => entity["B"] = new byte[64 * 1024 + 1]);
    }

    [Fact]
    public void Getters_WrongType_ThrowInvalidCast()
    {
        var entity = new TableEntity("p", "r") { ["S"] = "x", ["I"] = 5 };

        Assert.Throws<InvalidCastException>(() => entity.GetInt32("S"));
        Assert.Equal(5L, entity.GetInt64("I"));
        Assert.Equal(5.0, entity.GetDouble("I"));
        Assert.Null(entity.GetString("Missing"));
    }
}
