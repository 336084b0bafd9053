namespace CxBot.Tests.Cards;

/// <summary>Every bound card against the official npm <c>adaptivecards</c> SDK at schema 1.5, and the Teams message size limit.</summary>
public sealed class ValidationTests
{
    /// <summary>Teams rejects a message over about 100 KB; we keep a margin.</summary>
    private const int MaxActivityBytes = 80 * 1024;

    public static TheoryData<string> Cards => CardSamples.Names(JsReference.ValidatedNames);

    [Theory]
    [MemberData(nameof(Cards))]
    public async Task Bind_Sample_ParsesWithAdaptiveCardsSdkWithoutEvents(string name)
    {
        var result = await JsReference.ValidateAsync(name);

        var events = result["events"]!.AsArray().Select(e => (string?)e).ToList();
        Assert.True(events.Count == 0, $"{name}: {string.Join("; ", events)}");
    }

    [Theory]
    [MemberData(nameof(Cards))]
    public async Task Bind_Sample_ActivityStaysUnder80KB(string name)
    {
        var result = await JsReference.ValidateAsync(name);

        var bytes = (int)result["activityBytes"]!;
        Assert.InRange(bytes, 1, MaxActivityBytes);
    }
}
