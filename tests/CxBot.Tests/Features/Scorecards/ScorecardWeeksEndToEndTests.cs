using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using CxBot.Features.Checkins;
using CxBot.Features.Incidents;
using CxBot.Features.Scorecards;
using CxBot.Features.Setup;
using CxBot.Protocol.Sending;
using CxBot.Testing;
using CxBot.Tests.Features.Checkins;
using CxBot.Tests.Features.Setup;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static CxBot.Tests.Features.Scorecards.ScorecardWeeksLedger;
using Incident = CxBot.Tests.Features.Scorecards.ScorecardWeeksLedger.Incident;

namespace CxBot.Tests.Features.Scorecards;

/// <summary>
/// Issue 21's "done when": three weeks of a two-team organisation (Leeds in London, Newark in New York) driven through
/// <c>/api/messages</c> on a fake clock across both autumn clock changes (London 25 Oct 2026, New York 1 Nov 2026): incidents
/// logged late and resolved late, acknowledged by a note, one overdue; an idea accepted and implemented in one week and one across
/// two; a shout-out to people of both teams; a member CxBot cannot reach; hand-recorded decimals. The weekly cards the leadership
/// channel receives, the CSV and <c>scorecard verify</c> are checked against figures the test counts from its own
/// <see cref="ScorecardWeeksLedger"/>.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class ScorecardWeeksEndToEndTests(AzuriteFixture azurite) : IAsyncLifetime
{
    private static readonly DateOnly W43 = new(2026, 10, 19);
    private static readonly DateOnly W44 = new(2026, 10, 26);
    private const string OnTime = "on-time";
    private const string Greet = "greet";

    private readonly FakeTimeProvider _clock = new(Utc(10, 19, 8, 0));
    private readonly string _prefix = TestTables.UniquePrefix();
    private readonly string _tenant = Guid.NewGuid().ToString();
    private readonly ScorecardWeeksLedger _did = new();
    private readonly Dictionary<string, string> _names = [];
    private FakeConnector _connector = null!;
    private BotApp _app = null!;
    private SetupActivities _leeds = null!;
    private SetupActivities _newark = null!;
    private SetupActivities _leaders = null!;

    // The people: an admin, a manager and front-line staff in each team; Nia never opens CxBot.
    private readonly string _ada = Person("Ada Admin");
    private readonly string _mona = Person("Mona Manager");
    private readonly string _rita = Person("Rita Reporter");
    private readonly string _cole = Person("Cole Colleague");
    private readonly string _nia = Person("Nia Newcomer");
    private readonly string _max = Person("Max Mercer");
    private readonly string _sam = Person("Sam Sato");
    private readonly string _tess = Person("Tess Tran");

    private Team _l = null!;
    private Team _n = null!;

    private static readonly Dictionary<string, string> PersonNames = [];

    private static string Person(string name)
    {
        var id = Guid.NewGuid().ToString();
        lock (PersonNames)
        {
            PersonNames[id] = name;
        }

        return id;
    }

    private static DateTimeOffset Utc(int month, int day, int hour, int minute) => new(2026, month, day, hour, minute, 0, TimeSpan.Zero);

    public async Task InitializeAsync()
    {
        _connector = await FakeConnector.StartAsync();
        var settings = new List<(string, string?)>
        {
            ("Bot:AppId", ""), ("Bot:ConnectorRetryDelay", "00:00:00.001"), ("Storage:TablePrefix", _prefix), ("Checkins:TeamsRefresh", "00:00:00"),
        };
        foreach (var (severity, (acknowledge, resolve)) in ScorecardWeeksLedger.Windows)
        {
            var key = char.ToUpperInvariant(severity[0]) + severity[1..];
            settings.Add(($"Incidents:AcknowledgeWithin:{key}", acknowledge.ToString("c", CultureInfo.InvariantCulture)));
            settings.Add(($"Incidents:ResolveWithin:{key}", resolve.ToString("c", CultureInfo.InvariantCulture)));
        }

        _app = new BotApp(BotApp.With(azurite.Server, [.. settings]))
        {
            TestServices = s =>
            {
                s.AddSingleton<TimeProvider>(_clock);
                // The records' instants follow the fake clock; the plumbing's timeouts (connector, background turns) keep real time,
                // so a jump of days never times out a request that is on its way (storage's run inside Azure.Data.Tables, on real time).
                s.AddSingleton(sp => new CxBot.Protocol.Connector.ConnectorRetryPolicy(
                    sp.GetRequiredService<IOptions<CxBot.Protocol.BotOptions>>(), TimeProvider.System, sp.GetRequiredService<ILogger<CxBot.Protocol.Connector.ConnectorRetryPolicy>>()));
                s.AddSingleton(sp => new CxBot.Protocol.Routing.BackgroundTurnQueue(
                    sp.GetRequiredService<CxBot.Protocol.Connector.IConnectorClient>(), sp.GetRequiredService<IOptions<CxBot.Protocol.BotOptions>>(), TimeProvider.System, sp.GetRequiredService<ILogger<CxBot.Protocol.Routing.BackgroundTurnQueue>>()));
                // The test runs the check-in and scorecard passes itself, at the instants it chooses.
                s.Remove(s.Single(d => d.ImplementationType == typeof(CheckinLoop)));
                s.Remove(s.Single(d => d.ImplementationType == typeof(ScorecardLoop)));
                s.AddSingleton<RecordingSendJobs>();
                s.AddSingleton<ISendJobs>(sp => sp.GetRequiredService<RecordingSendJobs>());
            },
        };
        _leeds = new SetupActivities(_connector.ServiceUrl, _tenant);
        _newark = new SetupActivities(_connector.ServiceUrl, _tenant);
        _leaders = new SetupActivities(_connector.ServiceUrl, _tenant);
        foreach (var t in new[] { _leeds, _newark, _leaders })
        {
            foreach (var id in new[] { _ada, _mona, _rita, _cole, _nia, _max, _sam, _tess })
            {
                t.Named(id, PersonNames[id]);
                _names[id] = PersonNames[id];
            }
        }

        _l = new Team(_leeds.TeamId, "Leeds", London, [_mona, _rita, _cole, _nia]);
        _n = new Team(_newark.TeamId, "Newark", NewYork, [_max, _sam, _tess]);
    }

    public async Task DisposeAsync()
    {
        await _app.DisposeAsync();
        await _connector.DisposeAsync();
        var problems = SentChecks.Problems(_connector, _app);
        Assert.True(problems.Count == 0, "What the bot sent in this test is wrong:\n" + string.Join('\n', problems));
    }

    [Fact]
    public async Task ThreeWeeksAcrossTheClockChanges_PostedCardsCsvAndVerify_AgreeWithWhatWasDone()
    {
        await SetUpAsync();

        // Monday 19 Oct (W43): the admin subscribes the leaders' channel; its first card is this week so far.
        await At(10, 19, 9, 0);
        await PostAsync(_leaders.ChannelText(_ada, "post scorecards here"));
        var saved = (await InvokeAsync(_leaders.Execute(_ada, "setup.leadership.save", new JsonObject { ["allTeams"] = "true" }, inChannel: true))).ToJsonString();
        Assert.True(saved.Contains("will be posted here", StringComparison.Ordinal), saved);
        await At(10, 19, 9, 5);
        Assert.Equal(3, await Delivery.RunOnceAsync(default));
        Assert.All(Cards(), c => Assert.Contains("so far, as of", c.Period, StringComparison.Ordinal));

        // Tuesday 20 Oct: L1 (high, GBP 40), acknowledged by a note after 30 minutes; Rita's idea, which Cole votes for.
        await At(10, 20, 10, 0);
        var l1 = await LogAsync(_l, _rita, "high", 40m, recovered: false, occurredLocal: new DateTime(2026, 10, 20, 9, 0, 0));
        await At(10, 20, 10, 30);
        await TriageAsync(l1, IncidentNames.Note, "Called the customer back.");
        await At(10, 20, 11, 0);
        var i1 = await SubmitIdeaAsync(_l, _rita, "Text customers when the van is late");
        await At(10, 20, 11, 30);
        await InvokeAsync(_leeds.Execute(_cole, "ideas.vote", new JsonObject { ["ideaId"] = i1.Id }));
        i1.Votes++;

        // Check-ins on Tuesday and Wednesday after each team's shift (17:00 local); hand-recorded decimals.
        await CheckinDayAsync(Utc(10, 20, 21, 5), new DateOnly(2026, 10, 20), new()
        {
            [_rita] = new() { [OnTime] = 96.5, [Greet] = 4 },
            [_cole] = new() { [OnTime] = 97.25, [Greet] = 5 },
            [_sam] = new() { [OnTime] = 95.75, [Greet] = 2 },
            [_tess] = new() { [OnTime] = 96.5, [Greet] = 3 },
        });

        // Wednesday 21 Oct: L1 resolved in 23 hours; Mona accepts Rita's idea; Sam shares one.
        await At(10, 21, 9, 0);
        await TriageAsync(l1, IncidentNames.Resolve, "Refunded the delivery charge.");
        await At(10, 21, 10, 0);
        await DecideAsync(_leeds, _mona, i1, "accepted");
        await At(10, 21, 14, 0);
        var i2 = await SubmitIdeaAsync(_n, _sam, "Load the van by postcode");
        await CheckinDayAsync(Utc(10, 21, 21, 5), new DateOnly(2026, 10, 21), new()
        {
            [_rita] = new() { [OnTime] = 98.5, [Greet] = 3 },
            [_sam] = new() { [OnTime] = 97.25 },
            [_tess] = new() { [Greet] = 4 },
        });

        // Thursday 22 Oct: a shout-out to Rita (Leeds) and Sam (Newark) at once; Max accepts Sam's idea; N1 (low, recovered,
        // GBP 25.50) is never triaged, so it is overdue from Friday.
        await At(10, 22, 12, 0);
        await GiveAsync(_ada, [_rita, _sam], Greet);
        await At(10, 22, 15, 0);
        await DecideAsync(_newark, _max, i2, "accepted");
        await At(10, 22, 18, 30);
        await LogAsync(_n, _sam, "low", 25.50m, recovered: true, occurredLocal: new DateTime(2026, 10, 22, 14, 0, 0));

        // Friday 23 Oct: Rita's idea implemented, the week it was accepted (and her automatic shout-out from Mona).
        await At(10, 23, 10, 0);
        await DecideAsync(_leeds, _mona, i1, "implemented");
        _did.ShoutOuts.Add(new(_clock.GetUtcNow(), [_rita], null, ForIdea: true));

        // Sunday 25 Oct 23:30 UTC: the clocks went back at 01:00, so it is 23:30 on Sunday in Leeds: still W43. L2 (medium, no cost).
        await At(10, 25, 23, 30);
        var l2 = await LogAsync(_l, _cole, "medium", null, recovered: false, occurredLocal: new DateTime(2026, 10, 25, 22, 0, 0));
        await At(10, 26, 1, 0);
        await TriageAsync(l2, IncidentNames.Acknowledge, null);

        // Monday 26 Oct 08:01 UTC (08:01 GMT): the W43 cards.
        await At(10, 26, 8, 1);
        var postedW43 = _clock.GetUtcNow();
        Assert.Equal(3, await Delivery.RunOnceAsync(default));

        // Tuesday 27 Oct: L3 (critical, GBP 100) logged late: it happened on Saturday 24 Oct (W43); a note 10 minutes later,
        // resolved in 3 hours. Max implements Sam's idea, accepted last week.
        await At(10, 27, 9, 0);
        var l3 = await LogAsync(_l, _rita, "critical", 100m, recovered: false, occurredLocal: new DateTime(2026, 10, 24, 15, 0, 0));
        await At(10, 27, 9, 10);
        await TriageAsync(l3, IncidentNames.Note, "Manager on the way.");
        await At(10, 27, 12, 0);
        await TriageAsync(l3, IncidentNames.Resolve, "Replaced on site.");
        await At(10, 27, 14, 0);
        await DecideAsync(_newark, _max, i2, "implemented");
        _did.ShoutOuts.Add(new(_clock.GetUtcNow(), [_sam], null, ForIdea: true));

        // Wednesday 28 Oct: L2 (W43) resolved, after W43's card was posted.
        await At(10, 28, 12, 0);
        await TriageAsync(l2, IncidentNames.Resolve, "Redelivered.");

        // Thursday 29 Oct: L4 (high, GBP 10) acknowledged after 3 hours (late); still open when W44's card is posted (overdue).
        await At(10, 29, 10, 0);
        var l4 = await LogAsync(_l, _cole, "high", 10m, recovered: false, occurredLocal: new DateTime(2026, 10, 29, 9, 0, 0));
        await At(10, 29, 13, 0);
        await TriageAsync(l4, IncidentNames.Acknowledge, null);

        // Monday 2 Nov 04:30 UTC: New York's clocks went back on Sunday, so it is Sunday 23:30 in Newark: still Newark's W44.
        await At(11, 2, 4, 30);
        await LogAsync(_n, _tess, "medium", null, recovered: false, occurredLocal: new DateTime(2026, 11, 1, 22, 0, 0));

        // Monday 2 Nov 08:01 UTC: the W44 cards.
        await At(11, 2, 8, 1);
        var postedW44 = _clock.GetUtcNow();
        Assert.Equal(3, await Delivery.RunOnceAsync(default));

        // Tuesday 3 Nov: L4 resolved, after W44's card was posted.
        await At(11, 3, 10, 0);
        await TriageAsync(l4, IncidentNames.Resolve, "Fixed the hinge.");

        // Every posted card: W43 and W44, the organisation and each team.
        var cards = Cards();
        Assert.Equal(9, cards.Count);
        Assert.All(cards, c => Assert.Empty(VisibleText.Problems(c.Json)));
        foreach (var (monday, asOf) in new[] { (W43, postedW43), (W44, postedW44) })
        {
            var week = cards.Where(c => c.Period.StartsWith($"Week {ScorecardWeek.Label(monday)} ", StringComparison.Ordinal) && !c.Period.Contains("so far", StringComparison.Ordinal)).ToList();
            Assert.Equal(3, week.Count);
            CheckCard(week.Single(c => c.Title == "Standards scorecard · Acme Homes"), monday, asOf, [_l, _n], organisation: true);
            CheckCard(week.Single(c => c.Title == "Standards scorecard · Leeds"), monday, asOf, [_l], organisation: false);
            CheckCard(week.Single(c => c.Title == "Standards scorecard · Newark"), monday, asOf, [_n], organisation: false);
        }

        // The CSV: Value as the records stand now, Posted as the card showed them.
        var settings = new Dictionary<string, string?> { ["ConnectionStrings:Storage"] = azurite.Server.ConnectionString, ["Storage:TablePrefix"] = _prefix };
        foreach (var (monday, asOf) in new[] { (W43, postedW43), (W44, postedW44) })
        {
            await CheckCsvAsync(settings, monday, asOf);
        }

        // verify: nothing after a rebuild; one stored figure changed: exactly that line, exit 1.
        foreach (var monday in new[] { W43, W44 })
        {
            var label = ScorecardWeek.Label(monday);
            Assert.Equal(0, await CxBot.Hosting.ScorecardCommandLine.RunAsync(["rebuild", "--tenant", _tenant, "--week", label], settings, new StringWriter(), new StringWriter(), default));
            var output = new StringWriter();
            var error = new StringWriter();
            Assert.Equal(0, await CxBot.Hosting.ScorecardCommandLine.RunAsync(["verify", "--tenant", _tenant, "--week", label], settings, output, error, default));
            Assert.Contains("equal the recomputation", output.ToString(), StringComparison.Ordinal);
            Assert.Equal("", error.ToString());
        }

        var store = _app.Services.GetRequiredService<ScorecardStore>();
        var leedsW44 = (await store.ReadAsync(_tenant, W44, W44, default)).Single(w => w.TeamId == _l.Id);
        await store.SaveAsync(_tenant, [leedsW44 with { Incidents = leedsW44.Incidents with { Recovered = leedsW44.Incidents.Recovered + 1 } }], leedsW44.AsOf!.Value, default);
        var recovered = _did.IncidentsOf([_l], W44, DateTimeOffset.UtcNow).Recovered;
        var changedOut = new StringWriter();
        var changedErr = new StringWriter();
        Assert.Equal(1, await CxBot.Hosting.ScorecardCommandLine.RunAsync(["verify", "--tenant", _tenant, "--week", "2026-W44"], settings, changedOut, changedErr, default));
        var lines = changedErr.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal($"team {_l.Id}: incidents.recovered: stored {recovered + 1}, recomputed {recovered}", Assert.Single(lines.Skip(1)));
        Assert.StartsWith("Week 2026-W44 of tenant", lines[0], StringComparison.Ordinal);
    }

    // ---- What the test checks ----

    private void CheckCard(Card card, DateOnly monday, DateTimeOffset asOf, Team[] teams, bool organisation)
    {
        var why = $"{card.Title} {card.Period}";
        var incidents = _did.IncidentsOf(teams, monday, asOf);
        Assert.True(IncidentFacts(incidents).SequenceEqual(card.Facts("Logged")), $"{why}: incidents\nexpected {Show(IncidentFacts(incidents))}\nposted   {Show(card.Facts("Logged"))}");

        var (submitted, accepted, implemented, mostVoted) = _did.IdeasOf(teams, monday);
        Assert.Equal(
            [("Submitted", $"{submitted}"), ("Accepted", $"{accepted}"), ("Implemented", $"{implemented}"), ("Most voted", mostVoted is not null ? $"{mostVoted.Title} ({Plural(mostVoted.Votes, "vote")})" : submitted == 0 ? "no ideas submitted this week" : "no votes on this week's ideas")],
            card.Facts("Submitted"));

        var people = teams.SelectMany(t => t.Members).ToHashSet();
        var (given, forIdeas, recognised, byStandard) = _did.ShoutOutsOf(people, organisation ? London : teams[0].Zone, monday);
        var (prompted, delivered, answered, values, notReached) = _did.CheckinsOf(teams, monday);
        var recognition = card.Facts("Shout-outs given");
        List<(string, string)> expected =
        [
            ("Shout-outs given", $"{given}" + (forIdeas == 0 ? "" : $" ({forIdeas} for {(forIdeas == 1 ? "an implemented idea" : "implemented ideas")})")),
            ("People recognised", $"{recognised}"),
            ("By standard", byStandard.Count == 0 ? "none" : string.Join(" · ", byStandard.Select(kv => $"Greeting {kv.Value}"))),
            ("Check-in participation", prompted == 0 ? "no check-ins sent" : $"{Percent(answered, delivered)} of the check-ins that arrived ({answered} of {delivered})"),
        ];
        if (notReached.Count > 0)
        {
            expected.Add(("Not reachable", organisation ? $"{Plural(notReached.Count, "person").Replace("persons", "people", StringComparison.Ordinal)} (never opened CxBot)"
                : string.Join(", ", notReached.Select(p => $"{_names[p]} (never opened CxBot)"))));
        }

        Assert.True(expected.SequenceEqual(recognition), $"{why}: recognition\nexpected {Show(expected)}\nposted   {Show(recognition)}");

        // Standards: the average of what was answered; met at or above the target (97 %, 4 / 5).
        var met = 0;
        var measured = 0;
        foreach (var (id, name, target) in new[] { (OnTime, "Delivered on time", 97.0), (Greet, "Greeting", 4.0) })
        {
            var line = card.Standard(name);
            if (values.GetValueOrDefault(id) is not { Count: > 0 } v)
            {
                Assert.StartsWith($"**{name}**: no answers", line.Text, StringComparison.Ordinal);
                continue;
            }

            var average = v.Sum() / v.Count;
            // Rounded to one decimal, unless that would make a missed target look met (then as many decimals as it takes).
            var decimals = Enumerable.Range(1, 3).First(d => Math.Round(average, d, MidpointRounding.AwayFromZero) >= target == average >= target);
            var shown = Math.Round(average, decimals, MidpointRounding.AwayFromZero);
            var figure = id == OnTime ? $"{shown.ToString("0.###", CultureInfo.InvariantCulture)} %" : $"{shown.ToString("0.0##", CultureInfo.InvariantCulture)} / 5 ({Plural(v.Count, "answer")})";
            var targetText = id == OnTime ? "target ≥ 97 %" : "target ≥ 4 / 5";
            Assert.Equal($"**{name}**: {figure} ({targetText})", line.Text);
            Assert.Equal(average >= target ? "✓" : "✗", line.Mark);
            measured++;
            met += average >= target ? 1 : 0;
        }

        var summary = measured == 0 ? "No standard measured this week" : $"{met} of {Plural(measured, "measured standard")} met";
        Assert.Equal(organisation ? $"2 teams · {char.ToLowerInvariant(summary[0])}{summary[1..]}" : summary, card.Summary);
    }

    private async Task CheckCsvAsync(Dictionary<string, string?> settings, DateOnly monday, DateTimeOffset postedAt)
    {
        var file = Path.Combine(Path.GetTempPath(), $"scorecard-{Guid.NewGuid():N}.csv");
        try
        {
            var output = new StringWriter();
            Assert.Equal(0, await CxBot.Hosting.ScorecardCommandLine.RunAsync(["export", "--tenant", _tenant, "--week", ScorecardWeek.Label(monday), "--out", file], settings, output, new StringWriter(), default));
            Assert.Contains("the Posted column has the figures its card showed", output.ToString(), StringComparison.Ordinal);
            var rows = (await File.ReadAllLinesAsync(file)).Skip(1).Select(Fields).ToList();
            var now = DateTimeOffset.UtcNow; // the command line rolls up as of the real clock, weeks after every record
            foreach (var team in new[] { _l, _n })
            {
                string[] Row(string figure) => rows.Single(r => r[1] == team.Name && r[3] == figure);
                var current = _did.IncidentsOf([team], monday, now);
                var posted = _did.IncidentsOf([team], monday, postedAt);
                foreach (var (figure, value, then) in new[]
                {
                    ("Logged", current.Logged, posted.Logged),
                    ("Logged, happened in earlier weeks", current.Earlier, posted.Earlier),
                    ("Still open", current.Open, posted.Open),
                    ("Overdue", current.Overdue, posted.Overdue),
                    ("Resolved", current.Resolved, posted.Resolved),
                    ("Recovered", current.Recovered, posted.Recovered),
                    ("Acknowledged in time", current.AcknowledgedInTime, posted.AcknowledgedInTime),
                    ("Resolved in time", current.ResolvedInTime, posted.ResolvedInTime),
                })
                {
                    Assert.True((value.ToString(CultureInfo.InvariantCulture), then.ToString(CultureInfo.InvariantCulture)) == (Row(figure)[4], Row(figure)[7]), $"{ScorecardWeek.Label(monday)} {team.Name} {figure}: expected value {value} posted {then}, CSV {string.Join(',', Row(figure))}");
                }

                if (team == _l)
                {
                    // What the scenario is for: Leeds' week had an incident resolved after its card was posted (L2 in W43, L4 in W44).
                    Assert.Equal((posted.Open - 1, posted.Resolved + 1), (current.Open, current.Resolved));
                }

                Assert.Equal((current.Cost.ToString("0.00", CultureInfo.InvariantCulture), posted.Cost.ToString("0.00", CultureInfo.InvariantCulture)), (Row("Cost of failure (GBP)")[4], Row("Cost of failure (GBP)")[7]));
                var (prompted, _, answered, values, _) = _did.CheckinsOf([team], monday);
                Assert.Equal(($"{prompted}", $"{answered}"), (Row("Prompted")[4], Row("Answered")[4]));
                if (values.GetValueOrDefault(OnTime) is { Count: > 0 } v)
                {
                    var row = Row("Delivered on time (%)");
                    Assert.Equal(((v.Sum() / v.Count).ToString("0.###", CultureInfo.InvariantCulture), $"{v.Count}", "97"), (row[4], row[5], row[6]));
                }
            }

            var (given, _, people, _) = _did.ShoutOutsOf(_l.Members.Concat(_n.Members).ToHashSet(), London, monday);
            Assert.Equal(($"{given}", $"{given}"), (rows.Single(r => r[3] == "Shout-outs given (each once)")[4], rows.Single(r => r[3] == "Shout-outs given (each once)")[7]));
            Assert.Equal($"{people}", rows.Single(r => r[3] == "People recognised" && r[1] == "Acme Homes")[4]);
        }
        finally
        {
            File.Delete(file);
        }
    }

    /// <summary>One CSV line's fields (quoted fields may hold commas and doubled quotes).</summary>
    private static string[] Fields(string line)
    {
        var fields = new List<string>();
        var field = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (quoted && c == '"' && i + 1 < line.Length && line[i + 1] == '"')
            {
                field.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
            }
            else if (c == ',' && !quoted)
            {
                fields.Add(field.ToString());
                field.Clear();
            }
            else
            {
                field.Append(c);
            }
        }

        fields.Add(field.ToString());
        return [.. fields];
    }

    private static string Show(IEnumerable<(string Title, string Value)> facts) => string.Join(" | ", facts.Select(f => $"{f.Title}: {f.Value}"));

    // ---- Driving the bot ----

    private ScorecardDelivery Delivery => _app.Services.GetRequiredService<ScorecardDelivery>();

    private async Task At(int month, int day, int hour, int minute)
    {
        _clock.SetUtcNow(Utc(month, day, hour, minute));
        await Task.Yield();
    }

    private async Task SetUpAsync()
    {
        var target = (double t) => new TargetVersion(new DateOnly(2020, 1, 1), t);
        var setup = new TenantSetup(
            new Organisation("Acme Homes", "Europe/London", "GBP", [_ada]),
            [new Touchpoint("store", 1, "In store", "At the till", "operations")],
            [
                new Standard(OnTime, "store", StandardKind.Hard, "Delivered on time", "share of deliveries on time", "%", Direction.HigherIsBetter, true, null, [target(97)], null),
                new Standard(Greet, "store", StandardKind.Soft, "Greeting", null, null, null, false, "How welcome did you feel?", [target(4)], null) { StaffQuestion = "How well did we greet customers today?" },
            ],
            [
                new TeamSetup(_l.Id, "Leeds", null, "Europe/London", new TimeOnly(17, 0), [new TeamMember(_mona, _names[_mona], TeamRole.Manager), .. new[] { _rita, _cole, _nia }.Select(p => new TeamMember(p, _names[p], TeamRole.FrontLine))], []),
                new TeamSetup(_n.Id, "Newark", null, "America/New_York", new TimeOnly(17, 0), [new TeamMember(_max, _names[_max], TeamRole.Manager), .. new[] { _sam, _tess }.Select(p => new TeamMember(p, _names[p], TeamRole.FrontLine))], []),
            ],
            []);
        await TestTenant.WriteSetupAsync(_app.Services.GetRequiredService<SetupStore>(), _tenant, setup, _ada, _clock.GetUtcNow());
        await new TestTenant(_leeds, PostAsync).InstallAsync(_ada, _mona, _rita, _cole, _max, _sam, _tess);

        var checkins = _app.Services.GetRequiredService<CheckinSettingsStore>();
        foreach (var team in new[] { _l, _n })
        {
            await checkins.SaveTeamAsync(_tenant, team.Id, new TeamCheckinSettings(true, [DayOfWeek.Tuesday, DayOfWeek.Wednesday], TimeSpan.Zero), _ada, _clock.GetUtcNow(), default);
        }
    }

    private SetupActivities Of(Team team) => team == _l ? _leeds : _newark;

    private async Task<Incident> LogAsync(Team team, string reporter, string severity, decimal? cost, bool recovered, DateTime occurredLocal)
    {
        var data = new JsonObject
        {
            ["token"] = Guid.NewGuid().ToString("N"), ["teamId"] = team.Id, ["what"] = "The delivery went wrong.", ["severity"] = severity, ["rootCause"] = "tools",
            ["date"] = occurredLocal.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), ["time"] = occurredLocal.ToString("HH:mm", CultureInfo.InvariantCulture),
            ["recovered"] = recovered ? "true" : "false", ["gesture"] = recovered ? "Sent flowers." : null, ["cost"] = cost?.ToString(CultureInfo.InvariantCulture),
        };
        var answer = (await InvokeAsync(Of(team).Execute(reporter, IncidentNames.Submit, data))).ToJsonString();
        var reference = Regex.Match(answer, @"INC-\d{4}-\d{6,}").Value;
        Assert.True(reference.Length > 0, answer);
        var occurred = new DateTimeOffset(occurredLocal, team.Zone.GetUtcOffset(occurredLocal));
        var incident = new Incident(team, severity, cost, recovered, occurred, _clock.GetUtcNow()) { Reference = reference };
        _did.Incidents.Add(incident);
        return incident;
    }

    private async Task TriageAsync(Incident incident, string verb, string? text)
    {
        var stored = await _app.Services.GetRequiredService<IncidentStore>().FindAsync(_tenant, incident.Reference, default);
        var manager = incident.Team == _l ? _mona : _max;
        var answer = (await InvokeAsync(Of(incident.Team).Execute(manager, verb, new JsonObject { ["reference"] = incident.Reference, ["rev"] = stored!.Incident.Revision, ["text"] = text }))).ToJsonString();
        var after = await _app.Services.GetRequiredService<IncidentStore>().FindAsync(_tenant, incident.Reference, default);
        Assert.True(after!.Incident.Revision == stored.Incident.Revision + 1, $"{verb} on {incident.Reference} was not taken: {answer}");
        incident.Actions.Add((_clock.GetUtcNow(), verb == IncidentNames.Resolve ? "resolve" : verb == IncidentNames.Note ? "note" : "acknowledge"));
    }

    private async Task<Idea> SubmitIdeaAsync(Team team, string person, string problem)
    {
        var body = await InvokeAsync(Of(team).Execute(person, "ideas.submit", new JsonObject
        {
            ["token"] = Guid.NewGuid().ToString("N"), ["teamId"] = team.Id, ["problem"] = problem, ["proposal"] = "Try it for a month.", ["benefit"] = "Fewer calls.", ["touchpointId"] = "store",
        }));
        var idea = new Idea(team, _clock.GetUtcNow()) { Id = body["value"]!["refresh"]!["action"]!["data"]!["ideaId"]!.GetValue<string>(), Title = problem };
        _did.Ideas.Add(idea);
        return idea;
    }

    private async Task DecideAsync(SetupActivities t, string manager, Idea idea, string status)
    {
        var form = (await InvokeAsync(t.Execute(manager, "ideas.review", new JsonObject { ["ideaId"] = idea.Id }, inChannel: true)))["value"]!;
        var revision = (string)form["actions"]![0]!["data"]!["revision"]!;
        var answer = await InvokeAsync(t.Execute(manager, "ideas.decide", new JsonObject { ["ideaId"] = idea.Id, ["status"] = status, ["reason"] = "", ["revision"] = revision }, inChannel: true));
        Assert.DoesNotContain("Nothing was saved", answer.ToJsonString(), StringComparison.Ordinal);
        idea.Decisions.Add((_clock.GetUtcNow(), status));
    }

    private async Task GiveAsync(string giver, string[] recipients, string standardId)
    {
        var answer = await InvokeAsync(_leeds.Execute(giver, "recognition.give", new JsonObject
        {
            ["token"] = Guid.NewGuid().ToString("N"), ["recipients"] = string.Join(',', recipients), ["behaviour"] = "s:" + standardId, ["message"] = "Stayed late to put it right.",
        }));
        Assert.Equal("application/vnd.microsoft.activity.message", (string)answer["type"]!);
        _did.ShoutOuts.Add(new(_clock.GetUtcNow(), recipients, standardId));
    }

    /// <summary>One check-in pass after both teams' shift end; the given people answer; every front-line member was prompted.</summary>
    private async Task CheckinDayAsync(DateTimeOffset at, DateOnly date, Dictionary<string, Dictionary<string, double>> answers)
    {
        _clock.SetUtcNow(at);
        await _app.Services.GetRequiredService<CheckinScheduler>().RunOnceAsync(default);
        await _app.Services.GetRequiredService<CheckinScheduler>().RunOnceAsync(default); // records the deliveries the engine settled
        _clock.SetUtcNow(at.AddMinutes(5));
        foreach (var (person, values) in answers)
        {
            var team = _l.Members.Contains(person) ? _l : _n;
            var data = new JsonObject { ["teamId"] = team.Id, ["date"] = CheckinKeys.Date(date) };
            foreach (var (standard, value) in values)
            {
                data[CheckinNames.QuestionPrefix + standard] = value.ToString(CultureInfo.InvariantCulture);
            }

            var answer = (await InvokeAsync(Of(team).Execute(person, CheckinNames.Answer, data))).ToJsonString();
            Assert.Contains("Thanks, your check-in is in", answer, StringComparison.Ordinal);
        }

        foreach (var (team, person) in new[] { (_l, _rita), (_l, _cole), (_l, _nia), (_n, _sam), (_n, _tess) })
        {
            _did.Checkins.Add(new(team, person, date, person != _nia, answers.GetValueOrDefault(person)));
        }
    }

    private async Task PostAsync(JsonObject activity)
    {
        using var response = await _app.PostAsync(activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<JsonNode> InvokeAsync(JsonObject activity)
    {
        using var response = await _app.PostAsync(activity);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        return body;
    }

    // ---- Reading the posted cards ----

    private sealed record Card(JsonNode Json, string Title, string Period, string Summary)
    {
        private IEnumerable<JsonNode> All() => Walk(Json["body"]!);

        private static IEnumerable<JsonNode> Walk(JsonNode node)
        {
            if (node is JsonArray array)
            {
                foreach (var item in array.OfType<JsonNode>().SelectMany(Walk))
                {
                    yield return item;
                }
            }
            else if (node is JsonObject o)
            {
                yield return o;
                foreach (var child in o.Where(kv => kv.Key is "items" or "columns" or "body").Select(kv => kv.Value).OfType<JsonNode>().SelectMany(Walk))
                {
                    yield return child;
                }
            }
        }

        /// <summary>The facts of the fact set that starts with <paramref name="first"/>.</summary>
        public List<(string Title, string Value)> Facts(string first) =>
        [
            .. All().Where(n => (string?)n["type"] == "FactSet").Select(n => n["facts"]!.AsArray().Select(f => ((string)f!["title"]!, (string)f["value"]!)).ToList())
                .Single(f => f.Count > 0 && f[0].Item1 == first),
        ];

        /// <summary>A standard's line: its text and its mark.</summary>
        public (string Text, string Mark) Standard(string name)
        {
            var row = All().Where(n => (string?)n["type"] == "ColumnSet")
                .Single(n => n["columns"]!.AsArray().Count == 2 && ((string?)n["columns"]![1]!["items"]![0]!["text"])?.StartsWith($"**{name}**:", StringComparison.Ordinal) == true);
            return ((string)row["columns"]![1]!["items"]![0]!["text"]!, (string)row["columns"]![0]!["items"]![0]!["text"]!);
        }
    }

    /// <summary>Every scorecard the leaders' channel received, in order.</summary>
    private List<Card> Cards() =>
    [
        .. _connector.Requests.Where(r => r.Method == "POST" && r.PathAndQuery.Contains(_leaders.TeamId, StringComparison.Ordinal))
            .Select(r => r.Json?["attachments"]?[0]?["content"])
            .OfType<JsonNode>()
            .Where(c => ((string?)c["body"]?[0]?["text"])?.StartsWith("Standards scorecard · ", StringComparison.Ordinal) == true)
            .Select(c => new Card(c, (string)c["body"]![0]!["text"]!, (string)c["body"]![1]!["text"]!, (string)c["body"]![2]!["text"]!)),
    ];
}
