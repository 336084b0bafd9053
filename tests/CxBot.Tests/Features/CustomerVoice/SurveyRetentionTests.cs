using CxBot.Features.CustomerVoice;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.Extensions.Options;

namespace CxBot.Tests.Features.CustomerVoice;

/// <summary>Contact details deleted once <c>CustomerVoice:ContactRetention</c> has passed; the scores and comment stay.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SurveyRetentionTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset At = new(2026, 9, 1, 9, 0, 0, TimeSpan.Zero);
    private readonly string _tenant = Guid.NewGuid().ToString();
    private readonly string _prefix = TestTables.UniquePrefix();

    private SurveyAnswerStore NewStore(int days = 90) =>
        new(TestTables.CreateService(azurite.Server.Endpoint, _prefix), Options.Create(new CustomerVoiceOptions { ContactRetention = TimeSpan.FromDays(days) }));

    private SurveyAnswer Answer(string id, DateTimeOffset at, string? contact) =>
        new(id, _tenant, "harbourside", "checkout", "link", SurveyQuestions.Monday("Europe/London", at), at, new Dictionary<string, int> { ["listened"] = 1 }, "Rude at the till", contact);

    [Fact]
    public async Task ForgetExpiredContacts_DeletesOnlyContactsPastTheirRetention_AndKeepsTheAnswers()
    {
        var store = NewStore();
        Assert.True(await store.AddAsync(Answer("old", At, "old@example.com"), default));
        Assert.True(await store.AddAsync(Answer("recent", At.AddDays(1), "recent@example.com"), default));
        Assert.True(await store.AddAsync(Answer("none", At, null), default));

        var before = await store.ForgetExpiredContactsAsync(At.AddDays(90).AddSeconds(-1), default);
        var forgotten = await store.ForgetExpiredContactsAsync(At.AddDays(90).AddSeconds(1), default);
        var again = await store.ForgetExpiredContactsAsync(At.AddDays(90).AddSeconds(1), default);

        Assert.Equal((0, 1, 0), (before, forgotten, again));
        var week = await store.GetWeekAsync(_tenant, "harbourside", SurveyQuestions.Monday("Europe/London", At), default);
        var recentWeek = await store.GetWeekAsync(_tenant, "harbourside", SurveyQuestions.Monday("Europe/London", At.AddDays(1)), default);
        var all = week.LowScores.Concat(recentWeek.LowScores).DistinctBy(l => l.AnswerId).ToDictionary(l => l.AnswerId);
        Assert.Null(all["old"].Contact);
        Assert.Equal("Rude at the till", all["old"].Comment);
        Assert.Equal("recent@example.com", all["recent"].Contact);
        Assert.Equal(3, week.Answers); // all three opened in the week of 31 August
        Assert.Equal(new ScoreTally(3, 3), week.ByStandard["listened"]);
    }

    [Fact]
    public async Task ForgetExpiredContacts_HonoursAShorterRetention()
    {
        var store = NewStore(days: 7);
        await store.AddAsync(Answer("a", At, "a@example.com"), default);

        Assert.Equal(0, await store.ForgetExpiredContactsAsync(At.AddDays(6), default));
        Assert.Equal(1, await store.ForgetExpiredContactsAsync(At.AddDays(8), default));
    }

    [Fact]
    public async Task Add_TheSameAnswerTwice_StoresItOnce()
    {
        var store = NewStore();

        Assert.True(await store.AddAsync(Answer("same", At, null), default));
        Assert.False(await store.AddAsync(Answer("same", At, "sneaky@example.com"), default));

        var week = await store.GetWeekAsync(_tenant, "harbourside", SurveyQuestions.Monday("Europe/London", At), default);
        Assert.Equal(1, week.Answers);
        Assert.Empty(week.LowScores);
    }
}
