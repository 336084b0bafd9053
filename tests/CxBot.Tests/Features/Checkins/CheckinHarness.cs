using CxBot.Features.Checkins;
using CxBot.Features.Setup;
using CxBot.Protocol.Sending;
using CxBot.Testing;
using CxBot.Tests.Features.Setup;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CxBot.Tests.Features.Checkins;

/// <summary>
/// The bot on its own tables with a virtual clock and a recording send engine (the scheduler's loop removed: tests run
/// passes themselves), and a tenant whose setup is written directly: an organisation, a soft and a hand-recorded hard
/// standard, and one team with a manager and front-line members who each installed the bot.
/// </summary>
internal sealed class CheckinHarness : IAsyncDisposable
{
    public CheckinHarness(AzuriteServer azurite, FakeConnector connector, DateTimeOffset start)
    {
        Clock = new FakeTimeProvider(start);
        Connector = connector;
        App = new BotApp(BotApp.With(azurite, [("Bot:AppId", ""), ("Bot:ConnectorRetryDelay", "00:00:00.001"), ("Storage:TablePrefix", TestTables.UniquePrefix()), ("Checkins:TeamsRefresh", "00:00:00")]))
        {
            TestServices = s =>
            {
                s.AddSingleton<TimeProvider>(Clock);
                s.Remove(s.Single(d => d.ImplementationType == typeof(CheckinLoop)));
                s.AddSingleton<RecordingSendJobs>();
                s.AddSingleton<ISendJobs>(sp => sp.GetRequiredService<RecordingSendJobs>());
            },
        };
        T = new SetupActivities(connector.ServiceUrl, Guid.NewGuid().ToString());
    }

    public FakeTimeProvider Clock { get; }

    public FakeConnector Connector { get; }

    public BotApp App { get; }

    public SetupActivities T { get; }

    public string TeamId { get; } = "team-" + Guid.NewGuid().ToString("N")[..8];

    public string Manager { get; } = Guid.NewGuid().ToString();

    public IReadOnlyList<string> FrontLine { get; } = [Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString()];

    /// <summary>People who never open CxBot when <see cref="SeedAsync"/> installs it for the others: the bot has no chat with them.</summary>
    public HashSet<string> NeverOpen { get; } = [];

    public CheckinScheduler Scheduler => App.Services.GetRequiredService<CheckinScheduler>();

    public CheckinStore Store => App.Services.GetRequiredService<CheckinStore>();

    public CheckinSettingsStore Settings => App.Services.GetRequiredService<CheckinSettingsStore>();

    public RecordingSendJobs Jobs => App.Services.GetRequiredService<RecordingSendJobs>();

    public const string Soft = "greet";
    public const string Hard = "queue";
    public const string Retired = "old-promise";
    public const string Percent = "damage-free";
    public const string Legacy = "listened-to";

    /// <summary>Writes the tenant's setup and installs the bot for everyone but <see cref="NeverOpen"/>.</summary>
    public async Task<CheckinHarness> SeedAsync(string orgZone, string teamZone, TimeOnly shiftEnd)
    {
        var target = new TargetVersion(new DateOnly(2020, 1, 1), 4);
        var setup = new TenantSetup(
            new Organisation("Contoso", orgZone, "GBP", [Manager]),
            [new Touchpoint("store", 1, "In store", "At the till", "Store")],
            [
                new Standard(Soft, "store", StandardKind.Soft, "Greeting", null, null, null, false, "How welcome did you feel when you came in?", [target], null) { StaffQuestion = "How well did we greet customers today?" },
                new Standard(Percent, "store", StandardKind.Hard, "Delivered without damage", "share of deliveries with no damage", "%", Direction.HigherIsBetter, true, null, [new TargetVersion(new DateOnly(2020, 1, 1), 99)], null),
                // Stored before soft standards had a staff question: the check-in asks about its name instead.
                new Standard(Legacy, "store", StandardKind.Soft, "The customer felt listened to", null, null, null, false, "How well did we listen to you?", [target], null),
                new Standard(Hard, "store", StandardKind.Hard, "Longest queue", "queue", "people", Direction.LowerIsBetter, true, null, [target], null),
                new Standard("nps", "store", StandardKind.Hard, "NPS", "nps", "points", Direction.HigherIsBetter, false, null, [target], null),
                new Standard(Retired, "store", StandardKind.Soft, "Old promise", null, null, null, false, "Did we keep the old promise?", [target], new DateOnly(2021, 1, 1)),
            ],
            [new TeamSetup(TeamId, "Store 42 – Leeds", null, teamZone, shiftEnd, [new TeamMember(Manager, "Mia Manager", TeamRole.Manager), .. FrontLine.Select(f => new TeamMember(f, null, TeamRole.FrontLine))], [])],
            []);
        await TestTenant.WriteSetupAsync(App.Services.GetRequiredService<SetupStore>(), T.Tenant, setup, Manager, Clock.GetUtcNow());
        await new TestTenant(T, async a =>
        {
            using var response = await App.PostAsync(a);
            response.EnsureSuccessStatusCode();
        }).InstallAsync(FrontLine.Append(Manager).Where(p => !NeverOpen.Contains(p)));

        return this;
    }

    /// <summary>Every team day (Sunday to Saturday) a working day.</summary>
    public Task EveryDayAsync(TimeSpan reminder) =>
        Settings.SaveTeamAsync(T.Tenant, TeamId, new TeamCheckinSettings(true, [.. Enum.GetValues<DayOfWeek>()], reminder), Manager, Clock.GetUtcNow(), default);

    /// <summary>Sets the clock and runs one scheduler pass; returns the jobs it created.</summary>
    public async Task<IReadOnlyList<SendJobRequest>> RunAtAsync(DateTimeOffset at)
    {
        Clock.SetUtcNow(at);
        var before = Jobs.Created.Count;
        await Scheduler.RunOnceAsync(default);
        return [.. Jobs.Created.Skip(before)];
    }

    /// <summary>Posts an <c>Action.Execute</c> as <paramref name="aad"/>; returns the invoke answer's type and value (card JSON or text).</summary>
    public async Task<(string Type, string Value)> ExecuteAsync(string aad, string verb, System.Text.Json.Nodes.JsonObject data)
    {
        using var response = await App.PostAsync(T.Execute(aad, verb, data));
        response.EnsureSuccessStatusCode();
        var body = System.Text.Json.Nodes.JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var value = body["value"]!;
        return ((string)body["type"]!, value is System.Text.Json.Nodes.JsonValue v && v.TryGetValue<string>(out var text) ? text : value.ToJsonString(Relaxed));
    }

    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public const string CardType = "application/vnd.microsoft.card.adaptive";
    public const string MessageType = "application/vnd.microsoft.activity.message";

    public static IReadOnlyList<string> People(SendJobRequest job) => [.. job.Recipients.Select(r => r.Id).Order()];

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}
