using CxBot.Features.Recognition;
using CxBot.Storage;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests.Features.Recognition;

/// <summary>What the scorecards read of recognition (<see cref="IShoutOutFacts"/>): the shout-outs given around some weeks, against real Azurite.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class ShoutOutFactsTests(AzuriteFixture azurite)
{
    private const string Tenant = "6a2e4c8d-1b3f-4d5e-9a7c-0e1f2a3b4c5d";

    /// <summary>Monday 30 November 2026: its week runs into December.</summary>
    private static readonly DateOnly Monday = new(2026, 11, 30);

    private readonly TableServiceClient _tables = TestTables.CreateService(azurite.Server.Endpoint, TestTables.UniquePrefix());

    [Fact]
    public async Task GivenAroundWeeksAsync_WeekAcrossAMonthEnd_BothMonthsReadAndEachSaysWhatItIsFor()
    {
        var store = new ShoutOutStore(_tables);
        var standard = await AddAsync(store, Tenant, At(Monday.AddDays(-1), 20), new Behaviour("s:slot-kept", "Delivery slot kept", "⭐"), plusOnes: 3);
        var value = await AddAsync(store, Tenant, At(Monday.AddDays(6), 22), new Behaviour("v:kindness", "Kindness", "💛"));
        var idea = await AddAsync(store, Tenant, At(Monday.AddDays(2), 9), IdeaRecognition.IdeaImplemented);
        await AddAsync(store, Tenant, At(new DateOnly(2026, 10, 15), 9), new Behaviour("s:slot-kept", "Delivery slot kept", "⭐"));
        await AddAsync(store, "0f9e8d7c-6b5a-4c3d-2e1f-0a9b8c7d6e5f", At(Monday.AddDays(1), 9), new Behaviour("s:slot-kept", "Delivery slot kept", "⭐"));

        var given = (await new ShoutOutFacts(store).GivenAroundWeeksAsync(Tenant, [Monday], default)).ToDictionary(s => s.Id);

        Assert.Equal(new[] { standard.Id, value.Id, idea.Id }.Order(StringComparer.Ordinal), given.Keys.Order(StringComparer.Ordinal));
        var s = given[standard.Id];
        Assert.Equal((standard.GivenAt, "Ada Giver", "Delivery slot kept", "slot-kept", false, 3), (s.GivenAt, s.GiverName, s.For, s.StandardId, s.ForImplementedIdea, s.PlusOnes));
        Assert.Equal(standard.Recipients, s.Recipients);
        Assert.Equal(("Kindness", (string?)null, false), (given[value.Id].For, given[value.Id].StandardId, given[value.Id].ForImplementedIdea));
        Assert.Equal(("Idea implemented", (string?)null, true), (given[idea.Id].For, given[idea.Id].StandardId, given[idea.Id].ForImplementedIdea));
    }

    [Fact]
    public async Task GivenAroundWeeksAsync_NothingGiven_Empty()
    {
        Assert.Empty(await new ShoutOutFacts(new ShoutOutStore(_tables)).GivenAroundWeeksAsync(Tenant, [Monday, Monday.AddDays(-7)], default));
    }

    [Fact]
    public void AddShoutOutFacts_OnItsOwnWithTheTables_ResolvesWithValidationAndTwiceRegistersOnce()
    {
        var services = new ServiceCollection();
        services.AddSingleton(_tables);
        services.AddShoutOutFacts().AddShoutOutFacts();

        using var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });

        Assert.IsType<ShoutOutFacts>(provider.GetRequiredService<IShoutOutFacts>());
        Assert.Single(services, d => d.ServiceType == typeof(ShoutOutStore));
        Assert.Single(services, d => d.ServiceType == typeof(IShoutOutFacts));
    }

    private static DateTimeOffset At(DateOnly day, int hour) => new(day.ToDateTime(new TimeOnly(hour, 0)), TimeSpan.Zero);

    private static async Task<ShoutOut> AddAsync(ShoutOutStore store, string tenant, DateTimeOffset at, Behaviour behaviour, int plusOnes = 0)
    {
        var s = new ShoutOut(Guid.NewGuid().ToString("N"), tenant, Guid.NewGuid().ToString(), "Ada Giver", [new Recipient(Guid.NewGuid().ToString(), "Priya Patel")], behaviour, "Well done.", at, plusOnes);
        Assert.True(await store.TryAddAsync(s, default));
        return s;
    }
}
