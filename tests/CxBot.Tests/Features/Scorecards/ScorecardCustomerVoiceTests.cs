using System.Globalization;
using System.Net;
using CxBot.Features.Checkins;
using CxBot.Features.CustomerVoice;
using CxBot.Features.Scorecards;
using CxBot.Features.Setup;
using CxBot.Testing;
using CxBot.Tests.Features.CustomerVoice;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CxBot.Tests.Features.Scorecards;

/// <summary>
/// Issue 26's "done when" for the scorecards: customers answer through the survey page (GET for the form, POST as a browser
/// does) for two teams (Harbourside in London, Hilltop in Auckland) over two weeks on a fake clock, staff answer their check-ins
/// for the same soft standards, and the scorecards' customer figures, the gap, the organisation's figures, the trend, the CSV and
/// <c>scorecard verify</c> are checked against what the test itself did.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ScorecardCustomerVoiceTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private const string Listened = "listened";
    private const string Thanked = "thanked";
    private const string Checkout = "checkout";
    private const string Harbourside = "harbourside";
    private const string Hilltop = "hilltop";
    private static readonly DateOnly W50 = new(2026, 12, 7);
    private static readonly DateOnly W51 = new(2026, 12, 14);
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    private readonly FakeTimeProvider _clock = new(new DateTimeOffset(2026, 12, 7, 10, 0, 0, TimeSpan.Zero));
    private readonly string _tenant = Guid.NewGuid().ToString();
    private readonly string _mia = Guid.NewGuid().ToString();

    // What the test did: every customer's and every staff answer, by team and week.
    private readonly Dictionary<(string Team, DateOnly Monday), List<Dictionary<string, int>>> _customers = [];
    private readonly Dictionary<(string Team, DateOnly Monday), List<Dictionary<string, double>>> _staff = [];
    private BotApp _app = null!;
    private TenantSetup _setup = null!;

    public async Task InitializeAsync()
    {
        _app = new BotApp(BotApp.With(azurite.Server, [("Bot:AppId", ""), ("Storage:TablePrefix", TestTables.UniquePrefix()), ("CustomerVoice:AnswersPerClient", "1000"), ("CustomerVoice:PagesPerClient", "1000")]))
        {
            TestServices = s =>
            {
                s.AddSingleton<TimeProvider>(_clock);
                // The test rolls up at the instants it chooses.
                s.Remove(s.Single(d => d.ImplementationType == typeof(CheckinLoop)));
                s.Remove(s.Single(d => d.ImplementationType == typeof(ScorecardLoop)));
            },
        };
        var from = new DateOnly(2020, 1, 1);
        Standard Soft(string id, string name, string question) =>
            new(id, Checkout, StandardKind.Soft, name, null, null, null, false, question, [new TargetVersion(from, 4)], null) { StaffQuestion = "How well did we do today?" };
        _setup = new TenantSetup(
            new Organisation("Contoso Stores", "Europe/London", "GBP", [_mia]),
            [new Touchpoint(Checkout, 1, "Checkout", "At the till", "Stores")],
            [Soft(Listened, "Customer felt listened to", "Did we listen to what you needed?"), Soft(Thanked, "Thanked & sent off", "Did we thank you?")],
            [
                new TeamSetup(Harbourside, "Harbourside Store", null, "Europe/London", new TimeOnly(17, 0), [new TeamMember(_mia, "Mia Manager", TeamRole.Manager)], []),
                new TeamSetup(Hilltop, "Hilltop Store", null, "Pacific/Auckland", new TimeOnly(17, 0), [new TeamMember(_mia, "Mia Manager", TeamRole.Manager)], [Thanked]),
            ],
            []);
        await TestTenant.WriteSetupAsync(_app.Services.GetRequiredService<SetupStore>(), _tenant, _setup, _mia, _clock.GetUtcNow());
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    [Fact]
    public async Task TwoTeamsTwoWeeks_AnswersThroughThePage_CardsCsvAndVerifyAgreeWithWhatWasDone()
    {
        var links = _app.Services.GetRequiredService<ISurveyLinks>();
        var harbourside = new Uri((await links.IssueAsync(_tenant, Harbourside, Checkout, _mia, default)).Url).AbsolutePath;
        var hilltop = new Uri((await links.IssueAsync(_tenant, Hilltop, Checkout, _mia, default)).Url).AbsolutePath;
        var service = _app.Services.GetRequiredService<ScorecardService>();

        // W50, from Monday 7 December 10:00 UTC (23:00 in Auckland, still Monday there).
        await CustomersAsync(harbourside, Harbourside, W50, S((Listened, 2), (Thanked, 4)), S((Listened, 3), (Thanked, 5)), S((Listened, 2)));
        await CustomersAsync(hilltop, Hilltop, W50, S((Thanked, 5)), S((Thanked, 4)));
        await StaffAsync(Harbourside, W50, V((Listened, 4), (Thanked, 4)), V((Listened, 5), (Thanked, 5)));
        await StaffAsync(Hilltop, W50, V((Thanked, 3)));

        // W51, from Monday 14 December 10:00 UTC.
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 14, 10, 0, 0, TimeSpan.Zero));
        await CustomersAsync(harbourside, Harbourside, W51, S((Listened, 4), (Thanked, 5)), S((Listened, 3), (Thanked, 4)), S((Listened, 2)), S((Listened, 3)));
        await CustomersAsync(hilltop, Hilltop, W51, S((Thanked, 2)), S((Thanked, 3)), S((Thanked, 3)));
        await StaffAsync(Harbourside, W51, V((Listened, 5), (Thanked, 4)), V((Listened, 4), (Thanked, 4)));
        await StaffAsync(Hilltop, W51, V((Thanked, 5)), V((Thanked, 5)));

        // As of: a customer opens the form on Sunday evening, the week is rolled up, then the answer arrives. The rollup did not
        // count it and is right as of its instant (no difference), but stale (verify says so); the rebuild counts it in W51.
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 20, 20, 0, 0, TimeSpan.Zero));
        var form = await GetAsync(harbourside);
        _clock.Advance(TimeSpan.FromMinutes(1));
        var early = await service.RollupAsync(_tenant, _setup, W51, default);
        Assert.Equal(Tally(Harbourside, W51, Listened), early.Single(w => w.TeamId == Harbourside).Customers[Listened]);
        _clock.Advance(TimeSpan.FromMinutes(29));
        var late = S((Listened, 1));
        Assert.Equal(HttpStatusCode.OK, (await PostAsync(harbourside, form.Nonce!, late)).Status);
        _customers[(Harbourside, W51)].Add(late);
        var before = await service.VerifyAsync(_tenant, W51, default);
        Assert.Empty(before.Differences);
        Assert.Equal(new[] { Harbourside }, before.Stale.Select(s => s.TeamId));

        // Monday 21 December: the rebuild of both weeks, then verify finds nothing in either.
        _clock.SetUtcNow(new DateTimeOffset(2026, 12, 21, 10, 0, 0, TimeSpan.Zero));
        var weeks = await service.RollupAsync(_tenant, _setup, [W50, W51], default);
        foreach (var monday in new[] { W50, W51 })
        {
            var verified = await service.VerifyAsync(_tenant, monday, default);
            Assert.Empty(verified.Differences);
            Assert.Empty(verified.Stale);
        }

        // The rollups hold what the test posted, per team and week (and nothing for a standard Hilltop does not ask).
        foreach (var ((team, monday), _) in _customers)
        {
            var week = weeks.Single(w => w.TeamId == team && w.Monday == monday);
            foreach (var standard in new[] { Listened, Thanked })
            {
                Assert.Equal(Tally(team, monday, standard), week.Customers.GetValueOrDefault(standard));
            }
        }

        // Harbourside's card for W51: both figures on each soft standard's line, the gap in words, both trends, the customers' gap first.
        var card = await service.BuildAsync(_tenant, _setup, ScorecardService.Team(_setup.Teams[0]), W51, null, default);
        var seen = VisibleText.Of(ScorecardHarness.Cards.Bind(ScorecardNames.Template, card));
        Assert.Empty(VisibleText.Problems(seen, "Harbourside Store"));
        var listened = card.Standards.Single(l => l.Name == "Customer felt listened to");
        Assert.Equal($"staff {Staff(Harbourside, W51, Listened)} · customers {Customers(Harbourside, W51, Listened)}", listened.Figure);
        Assert.Equal(
            $"customers score it {Gap([Harbourside], W51, Listened)} lower than staff · staff: same as W50 · customers: better than W50 ({Average(Tally(Harbourside, W50, Listened)!)} / 5)",
            listened.Trend);
        Assert.Equal("✓", listened.Mark); // met on the staff's figure, the customers' view is a gap of its own
        Assert.Equal(
            $"Customer felt listened to: customers {Customers(Harbourside, W51, Listened)}, staff {Average(Sum([Harbourside], W51, Listened, _staff))} / 5, target ≥ 4 / 5",
            card.Gaps[0].Text);
        Assert.Equal("Soft standards are scored out of 5. Staff scores are the team's own view in check-ins; customer scores come from the customer survey.", card.StandardsNote);

        // Hilltop asks only "Thanked": the customers scored it lower than staff, by more than a point.
        var hill = await service.BuildAsync(_tenant, _setup, ScorecardService.Team(_setup.Teams[1]), W51, null, default);
        Assert.Empty(VisibleText.Problems(VisibleText.Of(ScorecardHarness.Cards.Bind(ScorecardNames.Template, hill)), "Hilltop Store"));
        var thankedHill = hill.Standards.Single();
        Assert.Equal($"staff {Staff(Hilltop, W51, Thanked)} · customers {Customers(Hilltop, W51, Thanked)}", thankedHill.Figure);
        Assert.StartsWith($"customers score it {Gap([Hilltop], W51, Thanked)} lower than staff", thankedHill.Trend, StringComparison.Ordinal);

        // The organisation's: sums and counts added across the teams, never an average of the teams' averages.
        var org = await service.BuildAsync(_tenant, _setup, ScorecardService.Organisation(_setup), W51, null, default);
        Assert.Empty(VisibleText.Problems(VisibleText.Of(ScorecardHarness.Cards.Bind(ScorecardNames.Template, org)), "Contoso Stores"));
        var both = Sum([Harbourside, Hilltop], W51, Thanked, _customers);
        var averageOfAverages = ((Tally(Harbourside, W51, Thanked)!.Sum / Tally(Harbourside, W51, Thanked)!.Count) + (Tally(Hilltop, W51, Thanked)!.Sum / Tally(Hilltop, W51, Thanked)!.Count)) / 2;
        Assert.NotEqual(Average(both), averageOfAverages.ToString("0.0", Invariant));
        var thankedOrg = org.Standards.Single(l => l.Name == "Thanked & sent off");
        Assert.Equal(
            $"staff {Average(Sum([Harbourside, Hilltop], W51, Thanked, _staff))} / 5 ({Sum([Harbourside, Hilltop], W51, Thanked, _staff).Count} answers) · customers {Average(both)} / 5 ({both.Count} answers)",
            thankedOrg.Figure);
        Assert.StartsWith($"customers score it {Gap([Harbourside, Hilltop], W51, Thanked)} lower than staff", thankedOrg.Trend, StringComparison.Ordinal);
        Assert.Contains(org.Gaps, g => g.Text.StartsWith($"Thanked & sent off: customers {Average(both)} / 5 ({both.Count} answers), staff ", StringComparison.Ordinal));

        // The CSV: the customers' average and count and the gap per team and soft standard.
        var csv = System.Text.Encoding.UTF8.GetString(ScorecardCsv.Write(_setup, W51, await service.ExportAsync(_tenant, _setup, W51, default))).Split('\n').Select(l => l.TrimEnd('\r')).ToList();
        foreach (var (teamId, name) in new[] { (Harbourside, "Harbourside Store"), (Hilltop, "Hilltop Store") })
        {
            foreach (var standard in _setup.Standards.Where(s => _customers[(teamId, W51)].Any(a => a.ContainsKey(s.Id))))
            {
                var tally = Tally(teamId, W51, standard.Id)!;
                Assert.Contains($"2026-W51,{name},Standard,{standard.Name} (customers' score out of 5),{N(tally.Sum / tally.Count)},{tally.Count},,", csv);
                var staff = Sum([teamId], W51, standard.Id, _staff);
                Assert.Contains($"2026-W51,{name},Standard,{standard.Name} (gap in points out of 5: customers minus staff),{Csv((tally.Sum / tally.Count) - (staff.Sum / staff.Count))},,,", csv);
            }
        }

        // One stored customer figure changed: verify reports exactly that line.
        var stored = weeks.Single(w => w.TeamId == Hilltop && w.Monday == W51);
        var changed = new SortedDictionary<string, ValueTotal>(stored.Customers.ToDictionary(), StringComparer.Ordinal) { [Thanked] = stored.Customers[Thanked] with { Sum = stored.Customers[Thanked].Sum + 1 } };
        await service.Store.SaveAsync(_tenant, [stored with { CustomerValues = changed }], _clock.GetUtcNow(), default);
        var differences = (await service.VerifyAsync(_tenant, W51, default)).Differences;
        Assert.Equal([new RollupDifference(Hilltop, "customerValues.thanked.sum", N(stored.Customers[Thanked].Sum + 1), N(stored.Customers[Thanked].Sum))], differences);
    }

    private static Dictionary<string, int> S(params (string Id, int Score)[] scores) => scores.ToDictionary(s => s.Id, s => s.Score);

    private static Dictionary<string, double> V(params (string Id, double Value)[] values) => values.ToDictionary(s => s.Id, s => s.Value);

    private static string N(double v) => v.ToString("0.###", Invariant);

    /// <summary>A number as the CSV holds it: a negative one stays a number a spreadsheet can add up.</summary>
    private static string Csv(double v) => N(v);

    private static string Average(ValueTotal t) => (t.Sum / t.Count).ToString("0.0", Invariant);

    private static string Answers(int n) => n == 1 ? "1 answer" : $"{n} answers";

    /// <summary>The sum and count of a standard's answers of the teams in the week, from the test's own ledger.</summary>
    private static ValueTotal Sum<T>(IEnumerable<string> teams, DateOnly monday, string standard, Dictionary<(string, DateOnly), List<Dictionary<string, T>>> ledger)
        where T : struct
    {
        var values = teams.SelectMany(t => ledger.GetValueOrDefault((t, monday)) ?? []).Where(a => a.ContainsKey(standard)).Select(a => Convert.ToDouble(a[standard], Invariant)).ToList();
        return new ValueTotal(values.Sum(), values.Count);
    }

    private ValueTotal? Tally(string team, DateOnly monday, string standard) => Sum([team], monday, standard, _customers) is { Count: > 0 } t ? t : null;

    private string Customers(string team, DateOnly monday, string standard)
    {
        var t = Sum([team], monday, standard, _customers);
        return $"{Average(t)} / 5 ({Answers(t.Count)})";
    }

    private string Staff(string team, DateOnly monday, string standard)
    {
        var t = Sum([team], monday, standard, _staff);
        return $"{Average(t)} / 5 ({Answers(t.Count)})";
    }

    /// <summary>How far below the staff's average the customers' is, in points, rounded to one decimal.</summary>
    private string Gap(string[] teams, DateOnly monday, string standard)
    {
        var c = Sum(teams, monday, standard, _customers);
        var s = Sum(teams, monday, standard, _staff);
        var gap = (decimal)(s.Sum / s.Count) - (decimal)(c.Sum / c.Count);
        Assert.True(gap > 0);
        return Math.Round(gap, 1, MidpointRounding.AwayFromZero).ToString("0.0", Invariant);
    }

    /// <summary>Each customer opens the team's survey (GET) and sends it (POST), a minute apart; the test notes what was sent.</summary>
    private async Task CustomersAsync(string path, string team, DateOnly monday, params Dictionary<string, int>[] answers)
    {
        foreach (var scores in answers)
        {
            var form = await GetAsync(path);
            _clock.Advance(TimeSpan.FromMinutes(1));
            var thanks = await PostAsync(path, form.Nonce!, scores);
            Assert.Equal(HttpStatusCode.OK, thanks.Status);
            Assert.Contains("Thank you", thanks.Text, StringComparison.Ordinal);
            if (!_customers.TryGetValue((team, monday), out var list))
            {
                _customers[(team, monday)] = list = [];
            }

            list.Add(scores);
        }
    }

    /// <summary>Mia's check-in prompts and answers on the week's first days (the team's local dates).</summary>
    private async Task StaffAsync(string team, DateOnly monday, params Dictionary<string, double>[] answers)
    {
        var checkins = _app.Services.GetRequiredService<CheckinStore>();
        for (var i = 0; i < answers.Length; i++)
        {
            var day = monday.AddDays(i);
            await checkins.RecordPromptedAsync(_tenant, team, day, [_mia], _clock.GetUtcNow(), default);
            Assert.True(await checkins.AnswerAsync(_tenant, team, day, _mia, answers[i], _clock.GetUtcNow(), default));
        }

        _staff[(team, monday)] = [.. answers];
    }

    private async Task<SurveyHarness.Page> GetAsync(string path)
    {
        using var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        using var response = await client.GetAsync(path);
        var page = await SurveyHarness.Page.ReadAsync(response);
        Assert.Equal(HttpStatusCode.OK, page.Status);
        return page;
    }

    private async Task<SurveyHarness.Page> PostAsync(string path, string nonce, Dictionary<string, int> scores)
    {
        using var client = _app.CreateClient(new Microsoft.AspNetCore.Mvc.Testing.WebApplicationFactoryClientOptions { HandleCookies = false });
        using var content = new FormUrlEncodedContent(SurveyHarness.Fields(nonce, scores.ToDictionary(s => s.Key, s => s.Value.ToString(Invariant))));
        using var response = await client.PostAsync(path, content);
        return await SurveyHarness.Page.ReadAsync(response);
    }
}
