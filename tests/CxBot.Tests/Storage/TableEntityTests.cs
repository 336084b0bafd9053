using CxBot.Storage;

namespace CxBot.Tests.Storage;

public sealed class TableEntityTests
{
    [Fact]
    public void ToSdk_TooManyProperties_Throws()
    {
        var entity = new TableEntity("p", "r");
        for (var i = 0; i < 253; i++)
        {
            entity["P" + i] = i;
        }

        var ex = Assert.Throws<ArgumentException>(() => TableEntities.ToSdk(entity));
        Assert.Contains("252", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Indexer_NullValue_RemovesProperty()
    {
        var entity = new TableEntity("p", "r") { ["A"] = "x" };

        entity["A"] = null;

        Assert.False(entity.ContainsKey("A"));
        Assert.False(TableEntities.ToSdk(entity).ContainsKey("A"));
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
