using System.Net;
using System.Text.RegularExpressions;
using CxBot.Features.CustomerVoice;
using CxBot.Features.Setup;
using CxBot.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CxBot.Tests.Features.CustomerVoice;

/// <summary>
/// The bot (local mode: a signing key made at start) on its own tables with a virtual clock (Monday 7 December 2026, 10:00 UTC),
/// and a tenant written directly: a shop journey whose Checkout touchpoint has two soft standards (one with the customer's
/// wording, one without), a retired one and a hard one; Harbourside Store (every standard) and Hilltop Store (only "Thanked").
/// Another tenant has a store of its own.
/// </summary>
internal sealed partial class SurveyHarness : IAsyncDisposable
{
    public const string Listened = "listened";
    public const string Thanked = "thanked";
    public const string OldSoft = "old-soft";
    public const string Queue = "queue-time";
    public const string Checkout = "checkout";
    public const string Delivery = "delivery";
    public const string Harbourside = "harbourside";
    public const string Hilltop = "hilltop";
    public const string ListenedWording = "Did we listen to what you needed?";

    public SurveyHarness(AzuriteServer azurite, params (string Key, string? Value)[] settings)
    {
        Clock = new FakeTimeProvider(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero));
        App = new BotApp(BotApp.With(azurite, [("Bot:AppId", ""), .. settings])) { TestServices = s => s.AddSingleton<TimeProvider>(Clock) };
    }

    public FakeTimeProvider Clock { get; }

    public BotApp App { get; }

    public string Tenant { get; } = Guid.NewGuid().ToString();

    public string OtherTenant { get; } = Guid.NewGuid().ToString();

    public string Mia { get; } = Guid.NewGuid().ToString();

    public ISurveyLinks Links => App.Services.GetRequiredService<ISurveyLinks>();

    public ICustomerVoiceResults Results => App.Services.GetRequiredService<ICustomerVoiceResults>();

    public static DateOnly Monday => new(2026, 12, 7);

    public async Task<SurveyHarness> SeedAsync()
    {
        var from = new DateOnly(2020, 1, 1);
        Standard Soft(string id, string name, string? question, DateOnly? retired = null) =>
            new(id, Checkout, StandardKind.Soft, name, null, null, null, false, question, [new TargetVersion(from, 4)], retired) { StaffQuestion = "How well did we do today?" };
        var standards = new List<Standard>
        {
            Soft(Listened, "Customer felt listened to", ListenedWording),
            Soft(Thanked, "Thanked & sent off", null),
            Soft(OldSoft, "Old question", "Was the old thing good?", new DateOnly(2021, 1, 1)),
            new(Queue, Checkout, StandardKind.Hard, "Queue under 5 minutes", "queue", "%", Direction.HigherIsBetter, false, null, [new TargetVersion(from, 90)], null),
        };
        Touchpoint[] journey = [new(Checkout, 1, "Checkout", "At the till", "Stores"), new(Delivery, 2, "Delivery", "At the door", "Operations")];
        var store = App.Services.GetRequiredService<SetupStore>();
        await TestTenant.WriteSetupAsync(store, Tenant, new TenantSetup(
            new Organisation("Contoso Stores", "Europe/London", "GBP", [Mia]),
            journey,
            standards,
            [
                new TeamSetup(Harbourside, "Harbourside Store", null, "Europe/London", new TimeOnly(17, 0), [new TeamMember(Mia, "Mia Manager", TeamRole.Manager)], []),
                new TeamSetup(Hilltop, "Hilltop Store", null, "Pacific/Auckland", new TimeOnly(17, 0), [new TeamMember(Mia, "Mia Manager", TeamRole.Manager)], [Thanked]),
            ],
            []), Mia, Clock.GetUtcNow());
        await TestTenant.WriteSetupAsync(store, OtherTenant, new TenantSetup(
            new Organisation("Rival", "Europe/London", "GBP", [Mia]),
            journey,
            standards,
            [new TeamSetup(Harbourside, "Rival Harbourside", null, "Europe/London", new TimeOnly(17, 0), [new TeamMember(Mia, "Mia Manager", TeamRole.Manager)], [])],
            []), Mia, Clock.GetUtcNow());
        return this;
    }

    /// <summary>The path of a link's URL (<c>/s/{token}</c>).</summary>
    public static string PathOf(SurveyLink link) => new Uri(link.Url).AbsolutePath;

    public async Task<Page> GetAsync(string path)
    {
        using var client = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        using var response = await client.GetAsync(path);
        return await Page.ReadAsync(response);
    }

    public async Task<Page> PostAsync(string path, IEnumerable<KeyValuePair<string, string>> fields)
    {
        using var client = App.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        using var content = new FormUrlEncodedContent(fields);
        using var response = await client.PostAsync(path, content);
        return await Page.ReadAsync(response);
    }

    /// <summary>Opens the survey and posts it with these scores (by standard id) and fields; returns the answer page.</summary>
    public async Task<Page> AnswerAsync(string path, IReadOnlyDictionary<string, string> scores, params (string Name, string Value)[] fields)
    {
        var form = await GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, form.Status);
        return await PostAsync(path, Fields(form.Nonce!, scores, fields));
    }

    public static List<KeyValuePair<string, string>> Fields(string nonce, IReadOnlyDictionary<string, string> scores, params (string Name, string Value)[] fields) =>
        [new("n", nonce), .. scores.Select(s => new KeyValuePair<string, string>("q_" + s.Key, s.Value)), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))];

    public async ValueTask DisposeAsync() => await App.DisposeAsync();

    /// <summary>An HTML page as the browser gets it: status, headers, body, the text a person reads, and the form's nonce.</summary>
    internal sealed record Page(HttpStatusCode Status, IReadOnlyDictionary<string, string> Headers, string Html, int Bytes)
    {
        public string? Nonce => NonceField().Match(Html) is { Success: true } m ? m.Groups[1].Value : null;

        /// <summary>The text of the page's body without tags, entities decoded, spaces collapsed.</summary>
        public string Text => Regex.Replace(WebUtility.HtmlDecode(Regex.Replace(Regex.Replace(Html, "<head>.*?</head>", " "), "<[^>]+>", " ")), "\\s+", " ").Trim();

        public static async Task<Page> ReadAsync(HttpResponseMessage response)
        {
            var bytes = await response.Content.ReadAsByteArrayAsync();
            var headers = response.Headers.Concat(response.Content.Headers).ToDictionary(h => h.Key, h => string.Join(", ", h.Value), StringComparer.OrdinalIgnoreCase);
            return new Page(response.StatusCode, headers, System.Text.Encoding.UTF8.GetString(bytes), bytes.Length);
        }
    }

    [GeneratedRegex("name=\"n\" value=\"([^\"]+)\"")]
    private static partial Regex NonceField();
}
