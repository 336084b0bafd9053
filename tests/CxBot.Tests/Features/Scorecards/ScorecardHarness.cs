using System.Collections.Concurrent;
using CxBot.Cards;
using CxBot.Features.Checkins;
using CxBot.Features.Ideas;
using CxBot.Features.Incidents;
using CxBot.Features.Recognition;
using CxBot.Features.Scorecards;
using CxBot.Features.Setup;
using CxBot.Hosting;
using CxBot.Protocol;
using CxBot.Protocol.References;
using CxBot.Testing;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CxBot.Tests.Features.Scorecards;

/// <summary>Check-in results held in memory, for the scorecard tests (the real ones are another feature's).</summary>
internal sealed class MemoryCheckinResults : ICheckinResults
{
    public ConcurrentBag<(string TenantId, CheckinAnswer Answer)> Answers { get; } = [];

    /// <summary>The summary as the check-ins feature keeps it: per team and local week.</summary>
    public ConcurrentDictionary<(string, string, DateOnly), CheckinWeek> Weeks { get; } = new();

    public void Add(string tenantId, CheckinAnswer answer, DateOnly monday)
    {
        Answers.Add((tenantId, answer));
        Weeks.AddOrUpdate((tenantId, answer.TeamId, monday), _ => Summarise(tenantId, answer.TeamId, monday), (_, _) => Summarise(tenantId, answer.TeamId, monday));
    }

    public Task<CheckinWeek> GetWeekAsync(string tenantId, string teamId, DateOnly monday, CancellationToken cancellationToken) =>
        Task.FromResult(Weeks.GetValueOrDefault((tenantId, teamId, monday)) ?? CheckinWeek.Empty);

    public Task<IReadOnlyList<CheckinAnswer>> GetAnswersAsync(string tenantId, string teamId, DateOnly monday, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<CheckinAnswer>>([.. Answers.Where(a => a.TenantId == tenantId && a.Answer.TeamId == teamId && ScorecardWeek.MondayOf(a.Answer.Date) == monday).Select(a => a.Answer)]);

    private CheckinWeek Summarise(string tenantId, string teamId, DateOnly monday)
    {
        var mine = Answers.Where(a => a.TenantId == tenantId && a.Answer.TeamId == teamId && ScorecardWeek.MondayOf(a.Answer.Date) == monday).Select(a => a.Answer).ToList();
        var values = mine.Where(a => a.AnsweredAt is not null).SelectMany(a => a.Values).GroupBy(kv => kv.Key)
            .ToDictionary(g => g.Key, g => new ValueTotal(g.Sum(kv => kv.Value), g.Count()));
        return new CheckinWeek(mine.Count, mine.Count(a => a.AnsweredAt is not null), values);
    }
}

/// <summary>A proactive sender that records what was posted where.</summary>
internal sealed class RecordingSender : IProactiveSender
{
    public ConcurrentQueue<(ProactiveTarget Target, Activity Activity)> Sent { get; } = new();

    /// <summary>Conversations CxBot holds no reference for (never installed there): sends answer <see cref="ProactiveOutcome.NoReference"/>.</summary>
    public ConcurrentDictionary<string, bool> Unreachable { get; } = new();

    public Task<ProactiveResult> SendProactiveAsync(ProactiveTarget target, Activity activity, CancellationToken cancellationToken)
    {
        if (Unreachable.ContainsKey(target.Id))
        {
            return Task.FromResult(new ProactiveResult(ProactiveOutcome.NoReference, null));
        }

        Sent.Enqueue((target, activity));
        return Task.FromResult(new ProactiveResult(ProactiveOutcome.Sent, "act-" + Sent.Count));
    }

    public Task<ProactiveResult> SendProactiveAsync(ConversationReference reference, Activity activity, CancellationToken cancellationToken) =>
        SendProactiveAsync(reference.Target, activity, cancellationToken);

    public Task<ProactiveResult> UpdateProactiveAsync(ProactiveTarget target, string activityId, Activity activity, CancellationToken cancellationToken) =>
        Task.FromResult(new ProactiveResult(ProactiveOutcome.Sent, activityId));
}

/// <summary>One bot instance's scorecard services over a shared table prefix (two harnesses with one prefix are two instances).</summary>
internal sealed class ScorecardHarness
{
    public static readonly CardTemplates Cards = new(Path.Combine(RepoPaths.Root, "cards"), [], NullLogger<CardTemplates>.Instance);

    public ScorecardHarness(AzuriteServer azurite, string prefix, FakeTimeProvider clock, MemoryCheckinResults checkins, RecordingSender sender, ScorecardOptions? options = null)
    {
        var tables = TestTables.CreateService(azurite.Endpoint, prefix);
        Clock = clock;
        SetupStore = new SetupStore(tables);
        Setup = new SetupService(SetupStore, new SetupRoles(Options.Create(new AdminOptions())), new MemoryCache(new MemoryCacheOptions()), clock, NullLogger<SetupService>.Instance);
        Incidents = new IncidentStore(tables);
        Ideas = new IdeaStore(tables);
        ShoutOuts = new ShoutOutStore(tables);
        Measures = new CxBot.Features.Measures.MeasureStore(tables);
        Store = new ScorecardStore(tables);
        var o = Options.Create(options ?? new ScorecardOptions());
        Service = new ScorecardService(new ScorecardSources(new IncidentWeeks(Incidents), new IdeaResults(Ideas), new ShoutOutFacts(ShoutOuts), checkins, Measures, new CxBot.Features.CustomerVoice.SurveyAnswerStore(tables, Options.Create(new CxBot.Features.CustomerVoice.CustomerVoiceOptions()))), Store, Setup, o, clock);
        Delivery = new ScorecardDelivery(Service, new ScorecardClaims(Store), SetupStore, sender, Cards, new ScorecardMetrics(Meters), o, clock, NullLogger<ScorecardDelivery>.Instance);
    }

    public FakeTimeProvider Clock { get; }

    /// <summary>This instance's meter factory (its own, so a test reads this instance's measurements alone).</summary>
    public System.Diagnostics.Metrics.IMeterFactory Meters { get; } = TestMeters.Create();

    public SetupStore SetupStore { get; }

    public SetupService Setup { get; }

    public IncidentStore Incidents { get; }

    public IdeaStore Ideas { get; }

    public ShoutOutStore ShoutOuts { get; }

    public CxBot.Features.Measures.MeasureStore Measures { get; }

    public ScorecardStore Store { get; }

    public ScorecardService Service { get; }

    public ScorecardDelivery Delivery { get; }

    public Task SaveSetupAsync(string tenantId, TenantSetup setup) => TestTenant.WriteSetupAsync(SetupStore, tenantId, setup, "test", Clock.GetUtcNow());
}
