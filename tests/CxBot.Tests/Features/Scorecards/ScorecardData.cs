using CxBot.Features.Checkins;
using CxBot.Features.Ideas;
using CxBot.Features.Incidents;
using CxBot.Features.Recognition;
using CxBot.Features.Setup;

namespace CxBot.Tests.Features.Scorecards;

/// <summary>
/// A generated tenant: four teams in time zones from Auckland to New York, three weeks of incidents (with their triage),
/// ideas and votes, shout-outs with +1s and check-in answers around 2026-W43 (the week the EU clocks go back), written through
/// the features' own stores (incidents under the week they were logged, as the bot files them); the lists keep what was
/// written for the test's own recomputation.
/// </summary>
internal sealed class ScorecardData
{
    public static readonly DateOnly Monday = new(2026, 10, 19);

    /// <summary>When the leadership channels subscribed: weeks before the generated ones.</summary>
    public static readonly DateTimeOffset Subscribed = new(2026, 9, 1, 9, 0, 0, TimeSpan.Zero);

    public string Tenant { get; } = Guid.NewGuid().ToString();

    public TenantSetup Setup { get; }

    public List<(Incident Incident, List<HistoryEntry> History)> Incidents { get; } = [];

    public List<(Idea Idea, int Votes)> Ideas { get; } = [];

    public List<ShoutOut> ShoutOuts { get; } = [];

    public List<CheckinAnswer> Answers { get; } = [];

    public ScorecardData(int seed = 42)
    {
        _random = new Random(seed);
        string[] zones = ["Europe/London", "America/New_York", "Pacific/Auckland", "Asia/Kolkata"];
        Setup = new TenantSetup(
            new Organisation("Acme", "Europe/London", "GBP", []),
            [new("tp1", 1, "Order taken", "", ""), new("tp2", 2, "Delivery", "", ""), new("tp3", 3, "Installation", "", "")],
            [
                new("s1", "tp2", StandardKind.Hard, "Delivery slot kept", "slots kept", "%", Direction.HigherIsBetter, true, null, [new(new DateOnly(2026, 1, 1), 95)], null),
                new("s2", "tp1", StandardKind.Soft, "Customer felt listened to", null, null, null, false, "How well did we listen?", [new(new DateOnly(2026, 1, 1), 4)], null),
                new("s3", "tp3", StandardKind.Hard, "Install time", "minutes", "min", Direction.LowerIsBetter, true, null, [new(new DateOnly(2026, 1, 1), 60), new(new DateOnly(2026, 10, 20), 50)], null),
                new("s4", "tp2", StandardKind.Hard, "First-time fix", "fixes", "%", Direction.HigherIsBetter, false, null, [new(new DateOnly(2026, 1, 1), 90)], null),
            ],
            [.. zones.Select((z, i) => new TeamSetup(
                $"team{i}", $"Site {i}", null, z, new TimeOnly(18, 0),
                [new TeamMember($"mgr{i}", $"Manager {i}", TeamRole.Manager), .. Enumerable.Range(0, 5).Select(m => new TeamMember($"u{i}{m}", $"Person {i}{m}", TeamRole.FrontLine))],
                i == 3 ? ["s1", "s2"] : []))],
            [
                new LeadershipChannel("19:leaders@thread.tacv2", "Leaders", true, []) { Since = Subscribed },
                new LeadershipChannel("19:site0@thread.tacv2", "Site 0 leads", false, ["team0"]) { Since = Subscribed },
            ]);
    }

    private readonly Random _random;

    /// <summary>Instants from the Friday before the week before to the Tuesday after the week after.</summary>
    private DateTimeOffset RandomInstant() => new DateTimeOffset(2026, 10, 9, 0, 0, 0, TimeSpan.Zero).AddMinutes(_random.Next(0, 60 * 24 * 25));

    public async Task WriteAsync(ScorecardHarness h)
    {
        await h.SaveSetupAsync(Tenant, Setup);
        var causes = Enum.GetValues<RootCause>();
        for (var n = 0; n < 80; n++)
        {
            var team = Setup.Teams[_random.Next(Setup.Teams.Count)];
            var occurred = RandomInstant();
            var logged = occurred.AddMinutes(_random.Next(1, 600));
            var standard = _random.Next(4) == 0 ? null : Setup.Standards[_random.Next(3)];
            var incident = new Incident(
                await h.Incidents.NextReferenceAsync(Tenant, 2026, default), Tenant, team.Id, team.Name, team.Members[1].UserId, null, "what", occurred, standard?.TouchpointId ?? "tp1", standard?.Id,
                (Severity)_random.Next(4), causes[_random.Next(causes.Length)], _random.Next(3) == 0, null, _random.Next(5) == 0 ? null : Math.Round((decimal)_random.NextDouble() * 500, 2),
                "GBP", IncidentStatus.New, null, logged, logged.AddHours(2), logged.AddDays(1), null, 1, [], []);
            var pk = IncidentKeys.Week(Tenant, team.Id, logged, TimeZoneInfo.FindSystemTimeZoneById(team.TimeZone));
            var history = new List<HistoryEntry> { new(1, "logged", incident.ReporterId, logged, IncidentStatus.New, null) };
            await h.Incidents.ClaimAsync(incident, pk, "token" + n, default);
            await h.Incidents.CreateAsync(incident, pk, history[0], default);
            var stored = (await h.Incidents.GetAsync(pk, incident.Reference, default))!;
            var at = logged;
            foreach (var next in Triage())
            {
                at = at.AddMinutes(_random.Next(5, 3000));
                var after = stored.Incident with { Status = next, Revision = stored.Incident.Revision + 1, Recovered = stored.Incident.Recovered || (next == IncidentStatus.Resolved && _random.Next(2) == 0) };
                var entry = new HistoryEntry(after.Revision, next.ToString().ToLowerInvariant(), "mgr", at, next, null);
                stored = await h.Incidents.SaveAsync(stored, after, entry, default);
                history.Add(entry);
            }

            Incidents.Add((stored.Incident, history));
        }

        for (var n = 0; n < 24; n++)
        {
            var team = Setup.Teams[_random.Next(Setup.Teams.Count)];
            var submitted = RandomInstant();
            var status = (IdeaStatus)_random.Next(5);
            var idea = new Idea($"idea{n:D3}", Tenant, team.Id, team.Members[2].UserId, null, new IdeaText($"Problem {n}", "Proposal", null, null, null, null), status, null, null, submitted, status == IdeaStatus.New ? submitted : Later(submitted), null);
            await h.Ideas.CreateAsync(idea, default);
            await h.Ideas.IndexAsync(idea, default);
            var votes = _random.Next(0, 6);
            for (var v = 0; v < votes; v++)
            {
                await h.Ideas.AddVoteAsync(Tenant, idea.Id, $"voter{v}", submitted, default);
            }

            Ideas.Add((idea, votes));
        }

        var members = Setup.Teams.SelectMany(t => t.Members).ToList();
        for (var n = 0; n < 40; n++)
        {
            var recipients = Enumerable.Range(0, _random.Next(1, 3)).Select(_ => members[_random.Next(members.Count)]).DistinctBy(m => m.UserId).Select(m => new Recipient(m.UserId, m.Name!)).ToList();
            var behaviour = _random.Next(3) == 0 ? new Behaviour("v:kind", "Kindness", "💛") : new Behaviour("s:" + Setup.Standards[_random.Next(3)].Id, "standard", "⭐");
            var shoutOut = new ShoutOut($"so{n:D3}", Tenant, "giver", "Gina Giver", recipients, behaviour, "thanks", RandomInstant(), 0);
            await h.ShoutOuts.TryAddAsync(shoutOut, default);
            var plusOnes = _random.Next(0, 3);
            for (var p = 0; p < plusOnes; p++)
            {
                await h.ShoutOuts.PlusOneAsync(Tenant, new ShoutOutRef(shoutOut.Month, shoutOut.Id), $"fan{p}", default);
            }

            ShoutOuts.Add(shoutOut with { PlusOnes = plusOnes });
        }
    }

    /// <summary>An instant after <paramref name="at"/>, up to four days later.</summary>
    private DateTimeOffset Later(DateTimeOffset at) => at.AddMinutes(_random.Next(1, 60 * 24 * 4));

    /// <summary>Check-in answers for every team member and local day of the three weeks; fed to the in-memory results.</summary>
    public void WriteCheckins(MemoryCheckinResults checkins)
    {
        foreach (var team in Setup.Teams)
        {
            for (var day = Monday.AddDays(-7); day < Monday.AddDays(14); day = day.AddDays(1))
            {
                foreach (var member in team.Members.Where(m => m.Role == TeamRole.FrontLine))
                {
                    var answered = _random.Next(10) < 7;
                    var values = answered ? new Dictionary<string, double> { ["s1"] = _random.Next(80, 101), ["s2"] = _random.Next(1, 6), ["s3"] = _random.Next(30, 80) } : [];
                    var answer = new CheckinAnswer(team.Id, member.UserId, day, answered ? DateTimeOffset.UnixEpoch : null, values);
                    Answers.Add(answer);
                    checkins.Add(Tenant, answer, day.AddDays(-(((int)day.DayOfWeek + 6) % 7)));
                }
            }
        }
    }

    private IEnumerable<IncidentStatus> Triage() => _random.Next(4) switch
    {
        0 => [],
        1 => [IncidentStatus.Acknowledged],
        2 => [IncidentStatus.Acknowledged, IncidentStatus.InProgress, IncidentStatus.Resolved],
        _ => _random.Next(2) == 0 ? [IncidentStatus.Declined] : [IncidentStatus.InProgress, IncidentStatus.Resolved],
    };
}
