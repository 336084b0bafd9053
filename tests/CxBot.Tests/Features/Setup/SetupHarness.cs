using Microsoft.Extensions.Caching.Memory;
using CxBot.Features.Setup;
using CxBot.Hosting;
using CxBot.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace CxBot.Tests.Features.Setup;

/// <summary>The setup service on its own table prefix, with a virtual clock and one configured admin.</summary>
internal sealed class SetupHarness
{
    public const string ConfiguredAdmin = "11111111-aaaa-4bbb-8ccc-000000000001";

    public SetupHarness(AzuriteServer azurite, string? tablePrefix = null)
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero));
        Store = new SetupStore(TestTables.CreateService(azurite.Endpoint, tablePrefix));
        Roles = new SetupRoles(Options.Create(new AdminOptions { UserIds = [ConfiguredAdmin] }));
        Service = new SetupService(Store, Roles, new MemoryCache(new MemoryCacheOptions()), Clock, NullLogger<SetupService>.Instance);
    }

    public FakeTimeProvider Clock { get; }

    public SetupStore Store { get; }

    public SetupRoles Roles { get; }

    public SetupService Service { get; }

    public static Caller Admin(string tenant) => new(tenant, ConfiguredAdmin, "Ada Admin");

    public static Caller User(string tenant, string id = "22222222-aaaa-4bbb-8ccc-000000000002") => new(tenant, id, "Frank Frontline");

    public static string NewTenant() => Guid.NewGuid().ToString();

    /// <summary>A new tenant whose configured admin has picked a starter journey.</summary>
    public async Task<Caller> AdminWithJourneyAsync(string journey = "delivery")
    {
        var admin = Admin(NewTenant());
        var outcome = await PickAsync(admin, journey);
        return outcome.Applied ? admin : throw new InvalidOperationException(outcome.Message);
    }

    public Task<SetupOutcome> TargetAsync(Caller caller, string standardId, double target, DateOnly from) =>
        Service.ApplyAsync(caller, "standard.target", (s, today) => JourneyChanges.ChangeTarget(s, caller, Roles, standardId, target, from, today), default);

    public Task<SetupOutcome> PickAsync(Caller caller, string journey = "delivery") =>
        Service.ApplyAsync(caller, "journey.pick", (s, today) => JourneyChanges.PickStarter(s, caller, Roles, journey, today), default);
}
