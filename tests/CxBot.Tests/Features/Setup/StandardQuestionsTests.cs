using System.Text.Json;
using CxBot.Features.Setup;

namespace CxBot.Tests.Features.Setup;

/// <summary>Soft standards have a question for staff apart from the customer's; hand-recorded measures have a unit and a range.</summary>
public sealed class StandardQuestionsTests
{
    private static readonly DateOnly Day = new(2026, 11, 2);

    [Fact]
    public void StarterJourneys_EverySoftStandard_AsksStaffSomethingElseThanTheCustomer()
    {
        var soft = StarterJourneys.All.SelectMany(j => j.Standards).Where(s => s.Kind == StandardKind.Soft).Select(s => s.ToStandard(Day)).ToList();

        Assert.NotEmpty(soft);
        Assert.All(soft, s => Assert.False(string.IsNullOrWhiteSpace(s.StaffQuestion), s.Id));
        Assert.All(soft, s => Assert.NotEqual(s.Question, s.StaffQuestion));
        Assert.All(soft, s => Assert.Equal(s.StaffQuestion, s.CheckinQuestion));
        Assert.Contains(soft, s => s.Question == "How welcome did you feel when you came in?" && s.StaffQuestion == "How well did we greet customers today?");
    }

    [Fact]
    public void StarterJourneys_EveryHandRecordedMeasure_HasAUnitAndPercentagesRunTo100()
    {
        var byHand = StarterJourneys.All.SelectMany(j => j.Standards).Where(s => s.Kind == StandardKind.Hard && s.HandRecorded).Select(s => s.ToStandard(Day)).ToList();

        Assert.NotEmpty(byHand);
        Assert.All(byHand, s => Assert.False(string.IsNullOrWhiteSpace(s.Unit), s.Id));
        Assert.All(byHand.Where(s => s.Unit == "%"), s => Assert.Equal(new MeasureRange(0, 100, true), s.Range));
    }

    [Theory]
    [InlineData("%", 100, true)]
    [InlineData("%", 150, false)]
    [InlineData("%", -1, false)]
    [InlineData("days", 150, true)]
    [InlineData("minutes", 1_000_000_001, false)]
    [InlineData(null, 0, true)]
    public void MeasureRange_ByUnit_PercentagesFrom0To100OthersFrom0To1e9(string? unit, double value, bool allowed)
    {
        Assert.Equal(allowed, MeasureRange.For(unit).Contains(value));
    }

    [Fact]
    public void StoredBeforeStaffQuestions_SoftStandardRow_ReadsAndAsksAboutItsName()
    {
        // A row as stored before staff questions existed: no staffQuestion property.
        const string Row = """{"id":"listened-to","touchpointId":"t","kind":"soft","name":"The customer felt listened to","question":"How well did we listen to you?","handRecorded":false,"versions":[{"effectiveFrom":"2026-01-05","target":4.5}]}""";

        var standard = JsonSerializer.Deserialize<Standard>(Row, SetupJson.Options)!;

        Assert.Null(standard.StaffQuestion);
        Assert.Equal("How well did we listen to you?", standard.Question);
        Assert.Equal("How well did we keep this today: the customer felt listened to?", standard.CheckinQuestion);
    }

    [Fact]
    public void StaffQuestion_Stored_RoundTripsAndNothingDerivedIsWritten()
    {
        var standard = StarterJourneys.Find("retail")!.Standards.First(s => s.Id == "greeted").ToStandard(Day);

        var json = JsonSerializer.Serialize(standard, SetupJson.Options);
        var back = JsonSerializer.Deserialize<Standard>(json, SetupJson.Options)!;

        Assert.Equal("How well did we greet customers today?", back.StaffQuestion);
        Assert.DoesNotContain("checkinQuestion", json, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\"range\"", json, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void Rules_HardStandardWithAStaffQuestionOrAPercentTargetAbove100_Refused()
    {
        var starter = StarterJourneys.Find("delivery")!;
        var setup = TenantSetup.Empty with { Journey = starter.Touchpoints, Standards = [.. starter.Standards.Select(s => s.ToStandard(Day))] };
        var slot = setup.Standards.First(s => s.Id == "slot-kept");
        var broken = setup with
        {
            Standards = [.. setup.Standards.Where(s => s != slot), slot with { StaffQuestion = "Asked?", Versions = [new TargetVersion(Day, 150)] }],
        };

        var errors = SetupRules.Validate(broken);

        Assert.Contains("Standard \"slot-kept\" is hard: it has no staff question.", errors);
        Assert.Contains("Standard \"slot-kept\" targets must be numbers from 0 to 100.", errors);
    }
}
