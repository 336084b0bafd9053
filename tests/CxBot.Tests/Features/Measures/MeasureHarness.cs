using System.Text.Json.Nodes;
using CxBot.Features.Measures;
using CxBot.Features.Setup;
using CxBot.Storage;
using CxBot.Testing;
using CxBot.Tests.Features.Setup;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CxBot.Tests.Features.Measures;

/// <summary>
/// The bot on its own tables with a virtual clock (Monday 7 December 2026, 10:00 UTC), and a tenant written directly: a delivery
/// journey's hard standards (two percentages and a count of minutes that managers record, one that check-ins ask, one
/// retired), a soft one, and two teams. Harbourside Store has two managers and a front-line member; Hilltop Store measures
/// only what check-ins ask. Another tenant has a team of its own. Everyone is named.
/// </summary>
internal sealed class MeasureHarness : IAsyncDisposable
{
    public const string SlotKept = "slot-kept";
    public const string FirstTimeFix = "first-time-fix";
    public const string CallbackWait = "callback-wait";
    public const string DamageFree = "damage-free";
    public const string Greeting = "greeting";
    public const string Retired = "old-count";
    public const string Harbourside = "harbourside";
    public const string Hilltop = "hilltop";
    public const string Rival = "rival-store";

    public MeasureHarness(AzuriteServer azurite, FakeConnector connector)
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero));
        Connector = connector;
        App = new BotApp(BotApp.With(azurite, [("Bot:AppId", ""), ("Bot:ConnectorRetryDelay", "00:00:00.001"), ("Storage:TablePrefix", TestTables.UniquePrefix())]))
        {
            TestServices = s => s.AddSingleton<TimeProvider>(Clock),
        };
        T = new SetupActivities(connector.ServiceUrl, Guid.NewGuid().ToString())
            .Named(Mia, "Mia Manager").Named(Max, "Max Manager").Named(Fran, "Fran Frontline").Named(Ada, "Ada Admin");
        Other = new SetupActivities(connector.ServiceUrl, Guid.NewGuid().ToString()).Named(Mia, "Mia Manager");
    }

    public FakeTimeProvider Clock { get; }

    public FakeConnector Connector { get; }

    public BotApp App { get; }

    public SetupActivities T { get; }

    /// <summary>Another tenant, where Mia's object id manages a team too (ids are per tenant only in name).</summary>
    public SetupActivities Other { get; }

    public string Mia { get; } = Guid.NewGuid().ToString();

    public string Max { get; } = Guid.NewGuid().ToString();

    public string Fran { get; } = Guid.NewGuid().ToString();

    public string Ada { get; } = Guid.NewGuid().ToString();

    public IMeasureResults Results => App.Services.GetRequiredService<IMeasureResults>();

    public async Task<MeasureHarness> SeedAsync()
    {
        var from = new DateOnly(2020, 1, 1);
        Standard Hard(string id, string name, string unit, Direction direction, double target, bool byHand = false, DateOnly? retired = null) =>
            new(id, "delivery", StandardKind.Hard, name, name.ToLowerInvariant(), unit, direction, byHand, null, [new TargetVersion(from, target)], retired);
        var standards = new List<Standard>
        {
            Hard(SlotKept, "Delivery slot kept", "%", Direction.HigherIsBetter, 95),
            Hard(FirstTimeFix, "Installed right first time", "%", Direction.HigherIsBetter, 90),
            Hard(CallbackWait, "Call-back wait", "minutes", Direction.LowerIsBetter, 30),
            Hard(DamageFree, "Delivered without damage", "%", Direction.HigherIsBetter, 99, byHand: true),
            Hard(Retired, "Old count", "calls", Direction.HigherIsBetter, 10, retired: new DateOnly(2021, 1, 1)),
            new(Greeting, "delivery", StandardKind.Soft, "Greeting", null, null, null, false, "How welcome did you feel?", [new TargetVersion(from, 4)], null) { StaffQuestion = "How well did we greet customers today?" },
        };
        var journey = new[] { new Touchpoint("delivery", 1, "Delivery", "On the doorstep", "Operations") };
        var store = App.Services.GetRequiredService<SetupStore>();
        await TestTenant.WriteSetupAsync(store, T.Tenant, new TenantSetup(
            new Organisation("Contoso", "Europe/London", "GBP", [Ada]),
            journey,
            standards,
            [
                new TeamSetup(Harbourside, "Harbourside Store", null, "Europe/London", new TimeOnly(17, 0),
                    [new TeamMember(Mia, "Mia Manager", TeamRole.Manager), new TeamMember(Max, "Max Manager", TeamRole.Manager), new TeamMember(Fran, "Fran Frontline", TeamRole.FrontLine)], []),
                new TeamSetup(Hilltop, "Hilltop Store", T.TeamId, "Europe/London", new TimeOnly(17, 0), [new TeamMember(Max, "Max Manager", TeamRole.Manager)], [DamageFree, Greeting]),
            ],
            []), Ada, Clock.GetUtcNow());
        await TestTenant.WriteSetupAsync(store, Other.Tenant, new TenantSetup(
            new Organisation("Rival", "Europe/London", "GBP", []),
            journey,
            standards,
            [new TeamSetup(Rival, "Rival Store", null, "Europe/London", new TimeOnly(17, 0), [new TeamMember(Mia, "Mia Manager", TeamRole.Manager)], [])],
            []), Mia, Clock.GetUtcNow());
        return this;
    }

    /// <summary>Types <paramref name="text"/> in a personal chat; returns the one reply (a card's JSON or text).</summary>
    public async Task<JsonNode> TypeAsync(string aad, string text, SetupActivities? tenant = null)
    {
        var activity = (tenant ?? T).PersonalText(aad, text);
        using var response = await App.PostAsync(activity);
        response.EnsureSuccessStatusCode();
        return Connector.ReplyTo(activity).Json!;
    }

    /// <summary>Types <paramref name="text"/> in the channel of Hilltop Store's Teams team (after the bot's @mention); returns the one reply.</summary>
    public async Task<JsonNode> TypeInChannelAsync(string aad, string text)
    {
        var activity = T.ChannelText(aad, text);
        using var response = await App.PostAsync(activity);
        response.EnsureSuccessStatusCode();
        return Connector.ReplyTo(activity).Json!;
    }

    /// <summary>The card a reply carries (null for text).</summary>
    public static JsonObject? CardOf(JsonNode reply) => reply["attachments"]?[0]?["content"] as JsonObject;

    /// <summary>Posts an <c>Action.Execute</c>; returns the invoke answer's type and value (card JSON or text).</summary>
    public async Task<(string Type, string Value)> ExecuteAsync(string aad, string verb, JsonObject data, SetupActivities? tenant = null) =>
        await AnswerAsync((tenant ?? T).Execute(aad, verb, data));

    /// <summary>Posts <paramref name="activity"/> (again, for a redelivery); returns the invoke answer.</summary>
    public async Task<(string Type, string Value)> AnswerAsync(JsonObject activity)
    {
        using var response = await App.PostAsync(activity);
        response.EnsureSuccessStatusCode();
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        var value = body["value"]!;
        return ((string)body["type"]!, value is JsonValue v && v.TryGetValue<string>(out var text) ? text : value.ToJsonString());
    }

    /// <summary>A save of Harbourside's last week (week 49) as the form sends it.</summary>
    public static JsonObject Save(string? seen = null, string teamId = Harbourside, string week = "2026-W49", params (string Id, string Value)[] values)
    {
        var data = new JsonObject { ["teamId"] = teamId, ["week"] = week, ["seen"] = seen ?? "" };
        foreach (var (id, value) in values)
        {
            data[id.StartsWith(MeasureNames.ClearPrefix, StringComparison.Ordinal) ? id : MeasureNames.ValuePrefix + id] = value;
        }

        return data;
    }

    public static readonly DateOnly Week49 = new(2026, 11, 30);

    public Task<IReadOnlyDictionary<string, RecordedMeasure>> Week49Async(string team = Harbourside) => Results.GetWeekAsync(T.Tenant, team, Week49, default);

    /// <summary>Every row of the Measures table, in every tenant.</summary>
    public async Task<IReadOnlyList<TableEntity>> RowsAsync()
    {
        var table = App.Services.GetRequiredService<TableServiceClient>().GetTableClient(MeasureNames.Table);
        await table.CreateIfNotExistsAsync(default);
        var rows = new List<TableEntity>();
        await foreach (var row in table.QueryAsync(TableFilter.Create($"PartitionKey ne {""}"), default))
        {
            rows.Add(row);
        }

        return rows;
    }

    public const string CardType = "application/vnd.microsoft.card.adaptive";
    public const string MessageType = "application/vnd.microsoft.activity.message";

    public async ValueTask DisposeAsync() => await App.DisposeAsync();
}
