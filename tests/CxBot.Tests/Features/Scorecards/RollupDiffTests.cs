using CxBot.Features.Checkins;
using CxBot.Features.Scorecards;

namespace CxBot.Tests.Features.Scorecards;

/// <summary>verify's comparison: decimals added in another order are the same figure, a really changed figure is reported.</summary>
public sealed class RollupDiffTests
{
    private static readonly DateOnly Monday = new(2026, 11, 16);

    [Fact]
    public void Compare_DecimalsAddedInAnotherOrder_NoDifference()
    {
        // (0.1 + 0.2) + 0.3 is 0.6000000000000001 in binary floating point, 0.1 + (0.2 + 0.3) is 0.6.
        var stored = Week((0.1 + 0.2) + 0.3, 0.10m + 0.20m, recovered: 3);
        var recomputed = Week(0.1 + (0.2 + 0.3), 0.3m, recovered: 3);
        Assert.NotEqual(stored.Values["s"].Sum, recomputed.Values["s"].Sum);

        Assert.Empty(RollupDiff.Compare("leeds", stored, recomputed));
    }

    [Fact]
    public void Compare_OneStoredFigureReallyChanged_ReportsThatFigureOnly()
    {
        var recomputed = Week(0.1 + (0.2 + 0.3), 1019.9m, recovered: 3);

        var recovered = RollupDiff.Compare("leeds", Week((0.1 + 0.2) + 0.3, 1019.9m, recovered: 4), recomputed);
        var cost = RollupDiff.Compare("leeds", Week((0.1 + 0.2) + 0.3, 1019.91m, recovered: 3), recomputed);
        var value = RollupDiff.Compare("leeds", Week(0.7, 1019.9m, recovered: 3), recomputed);

        Assert.Equal([new RollupDifference("leeds", "incidents.recovered", "4", "3")], recovered);
        Assert.Equal([new RollupDifference("leeds", "incidents.cost", "1019.91", "1019.9")], cost);
        Assert.Equal([new RollupDifference("leeds", "values.s.sum", "0.7", "0.6")], value);
    }

    private static TeamWeek Week(double sum, decimal cost, int recovered) => TeamWeek.Empty("leeds", Monday) with
    {
        Values = new SortedDictionary<string, ValueTotal>(StringComparer.Ordinal) { ["s"] = new(sum, 3) },
        Incidents = IncidentWeek.Empty with { Logged = 5, Recovered = recovered, Cost = cost },
    };
}
