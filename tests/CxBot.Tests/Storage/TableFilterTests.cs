using CxBot.Storage;

namespace CxBot.Tests.Storage;

public sealed class TableFilterTests
{
    [Fact]
    public void Create_StringWithQuotes_DoublesThem()
    {
        var name = "O'Brien";

        var filter = TableFilter.Create($"Name eq {name}");

        Assert.Equal("Name eq 'O''Brien'", filter.Text);
    }

    [Fact]
    public void Create_InjectionAttempt_StaysInsideOneLiteral()
    {
        var hostile = "x' or PartitionKey ne '";

        var filter = TableFilter.Create($"PartitionKey eq {hostile}");

        Assert.Equal("PartitionKey eq 'x'' or PartitionKey ne '''", filter.Text);
    }

    [Fact]
    public void Create_EveryType_FormatsODataLiteral()
    {
        var when = new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.FromHours(1));
        var id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

        var filter = TableFilter.Create($"A eq {5} and B eq {5L} and C eq {2.0} and D eq {0.25} and E eq {true} and F ge {when} and G eq {id} and H eq {new byte[] { 0xAB, 0x01 }}");

        Assert.Equal(
            "A eq 5 and B eq 5L and C eq 2.0 and D eq 0.25 and E eq true and F ge datetime'2026-11-22T11:00:00.0000000Z' and G eq guid'0f8fad5b-d9cb-469f-a165-70867728950e' and H eq X'AB01'",
            filter.Text);
    }

    [Fact]
    public void Create_NullOrUnsupportedValue_Throws()
    {
        string? missing = null;

        Assert.Throws<ArgumentException>(() => TableFilter.Create($"A eq {missing}"));
        Assert.Throws<ArgumentException>(() => TableFilter.Create($"A eq {1.5m}"));
        Assert.Throws<ArgumentException>(() => TableFilter.Create($"A eq {double.NaN}"));
    }

    [Fact]
    public void AndOr_WrapsEachSide()
    {
        var filter = TableFilter.PartitionKeyEquals("p").And(TableFilter.Create($"N gt {1}").Or(TableFilter.Create($"N lt {-1}")));

        Assert.Equal("(PartitionKey eq 'p') and ((N gt 1) or (N lt -1))", filter.Text);
    }

    [Fact]
    public void PartitionKeyBetween_QuotedBounds_BothIncluded()
    {
        var filter = TableFilter.PartitionKeyBetween("t|O'Brien|2026-W52", "t|O'Brien|2027-W01");

        Assert.Equal("PartitionKey ge 't|O''Brien|2026-W52' and PartitionKey le 't|O''Brien|2027-W01'", filter.Text);
    }
}
