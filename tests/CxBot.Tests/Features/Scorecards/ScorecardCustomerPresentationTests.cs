using CxBot.Features.Checkins;
using CxBot.Features.Scorecards;
using CxBot.Features.Setup;
using CxBot.Testing;

namespace CxBot.Tests.Features.Scorecards;

/// <summary>What a leader reads of the customers' scores: both figures on a soft standard's line, plurals, the gap in words, the note.</summary>
public sealed class ScorecardCustomerPresentationTests
{
    private static readonly DateOnly Monday = new(2026, 11, 16); // 2026-W47

    private static readonly List<Standard> Standards =
    [
        new("listened", "tp", StandardKind.Soft, "Customer felt listened to", null, null, Direction.HigherIsBetter, false, "How well did we listen?", [new(new DateOnly(2026, 1, 1), 4)], null),
        new("tidy", "tp", StandardKind.Soft, "Van left tidy", null, null, Direction.HigherIsBetter, false, "How tidy was the van?", [new(new DateOnly(2026, 1, 1), 4)], null),
    ];

    private static readonly List<TeamSetup> Teams = [new("leeds", "Store 42 – Leeds", null, "Europe/London", new TimeOnly(18, 0), [], [])];

    private static readonly TenantSetup Setup = new(new Organisation("Acme", "Europe/London", "GBP", []), [new("tp", 1, "Delivery", "", "")], Standards, Teams, []);

    [Fact]
    public void OneCustomerAnswer_BothFiguresOnTheLine_SingularPlural_GapInWords_TheNoteSaysWhoScored()
    {
        var week = TeamWeek.Empty("leeds", Monday) with
        {
            Prompted = 12,
            Answered = 12,
            Values = Values(("listened", 4.3, 12), ("tidy", 4, 1)),
            CustomerValues = Values(("listened", 3.5, 1)),
        };

        var data = ScorecardBuilder.Build(Setup, ScorecardService.Team(Teams[0]), Monday, 0, [week], null);
        var seen = VisibleText.Of(ScorecardHarness.Cards.Bind(ScorecardNames.Template, data));

        Assert.Empty(VisibleText.Problems(seen, "Store 42 – Leeds"));
        Assert.Contains("**Customer felt listened to**: staff 4.3 / 5 (12 answers) · customers 3.5 / 5 (1 answer) (target ≥ 4 / 5)", seen);
        Assert.Contains("customers score it 0.8 lower than staff", seen);
        Assert.Contains("**Van left tidy**: 4.0 / 5 (1 answer) (target ≥ 4 / 5)", seen); // no customer answer: nothing extra
        Assert.Contains("Soft standards are scored out of 5. Staff scores are the team's own view in check-ins; customer scores come from the customer survey.", seen);
        Assert.Contains("- Customer felt listened to: customers 3.5 / 5 (1 answer), staff 4.3 / 5, target ≥ 4 / 5", seen);
        Assert.DoesNotContain(seen, l => l.Contains("(s)", StringComparison.Ordinal));
    }

    [Fact]
    public void NoCustomerAnswers_TheCardIsAsBefore_StaffOnlyNote()
    {
        var week = TeamWeek.Empty("leeds", Monday) with { Prompted = 2, Answered = 2, Values = Values(("listened", 4.5, 2)) };

        var data = ScorecardBuilder.Build(Setup, ScorecardService.Team(Teams[0]), Monday, 0, [week], null);

        Assert.Equal("4.5 / 5 (2 answers)", data.Standards.Single(s => s.Name == "Customer felt listened to").Figure);
        Assert.Equal("Soft standards are scored out of 5 by staff in their check-ins: the team's own view, not the customers'.", data.StandardsNote);
        Assert.DoesNotContain(data.Standards, s => s.Trend.Contains("customers", StringComparison.Ordinal));
    }

    [Fact]
    public void CustomersHigherOrSame_OnlyCustomers_TrendAndGapsInWords()
    {
        var lastWeek = TeamWeek.Empty("leeds", Monday.AddDays(-7)) with { Prompted = 3, Answered = 3, Values = Values(("tidy", 4, 3)), CustomerValues = Values(("listened", 2, 2), ("tidy", 3, 2)) };
        var thisWeek = TeamWeek.Empty("leeds", Monday) with { Prompted = 3, Answered = 3, Values = Values(("listened", 4, 3), ("tidy", 4, 3)), CustomerValues = Values(("listened", 4.6, 5), ("tidy", 4, 4)) };

        var data = ScorecardBuilder.Build(Setup, ScorecardService.Team(Teams[0]), Monday, 1, [lastWeek, thisWeek], null);
        var seen = VisibleText.Of(ScorecardHarness.Cards.Bind(ScorecardNames.Template, data));

        Assert.Empty(VisibleText.Problems(seen, "Store 42 – Leeds"));
        var listened = data.Standards.Single(s => s.Name == "Customer felt listened to");
        Assert.Equal("customers score it 0.6 higher than staff · staff: no figure in the 1 week before · customers: better than W46 (2.0 / 5)", listened.Trend);
        var tidy = data.Standards.Single(s => s.Name == "Van left tidy");
        Assert.Equal("customers and staff score it the same · staff: same as W46 · customers: better than W46 (3.0 / 5)", tidy.Trend);
        Assert.Empty(data.Gaps); // at or above target and not below the staff: no gap

        // Customers only (no check-in answer): the staff's part says so, the customers' figure still shows and still ranks as a gap.
        var customersOnly = TeamWeek.Empty("leeds", Monday) with { Prompted = 3, CustomerValues = Values(("tidy", 2.5, 2)) };
        var alone = ScorecardBuilder.Build(Setup, ScorecardService.Team(Teams[0]), Monday, 0, [customersOnly], null);
        Assert.Equal("staff: no answers this week · customers 2.5 / 5 (2 answers)", alone.Standards.Single(s => s.Name == "Van left tidy").Figure);
        Assert.Equal("Van left tidy: customers 2.5 / 5 (2 answers), target ≥ 4 / 5", alone.Gaps.Single().Text);
        Assert.Empty(VisibleText.Problems(VisibleText.Of(ScorecardHarness.Cards.Bind(ScorecardNames.Template, alone)), "Store 42 – Leeds"));
    }

    [Fact]
    public void Sum_AddsCustomerSumsAndCounts_AndReadsAnOldRollupAsNone()
    {
        var a = TeamWeek.Empty("a", Monday) with { CustomerValues = Values(("listened", 5, 1)) };
        var b = TeamWeek.Empty("b", Monday) with { CustomerValues = Values(("listened", 2, 3)) };
        var old = TeamWeek.Empty("c", Monday) with { CustomerValues = null };

        var sum = ScorecardBuilder.Sum([a, b, old]);

        Assert.Equal(new ValueTotal(11, 4), sum.Customers["listened"]);
        Assert.Equal(2.75, ScorecardBuilder.CustomerFigure(sum, "listened")!.Value);
        Assert.Empty(old.Customers);
    }

    private static SortedDictionary<string, ValueTotal> Values(params (string Id, double Average, int Count)[] values) =>
        new(values.ToDictionary(v => v.Id, v => new ValueTotal(v.Average * v.Count, v.Count)), StringComparer.Ordinal);
}
