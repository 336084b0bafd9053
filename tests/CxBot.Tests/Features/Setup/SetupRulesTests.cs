using CxBot.Features.Setup;

namespace CxBot.Tests.Features.Setup;

public sealed class SetupRulesTests
{
    private static readonly DateOnly Day = new(2026, 11, 2);

    [Theory]
    [InlineData("retail")]
    [InlineData("contact-centre")]
    [InlineData("delivery")]
    public void StarterJourney_Picked_ValidWithHardAndSoftStandardsOnEveryTouchpointOwner(string id)
    {
        var starter = StarterJourneys.Find(id)!;
        var setup = TenantSetup.Empty with { Journey = starter.Touchpoints, Standards = [.. starter.Standards.Select(s => s.ToStandard(Day))] };

        Assert.Empty(SetupRules.Validate(setup));
        Assert.Contains(setup.Standards, s => s.Kind == StandardKind.Hard);
        Assert.Contains(setup.Standards, s => s.Kind == StandardKind.Soft);
        Assert.All(setup.Journey, t => Assert.Contains(setup.Standards, s => s.TouchpointId == t.Id));
    }

    [Fact]
    public void StarterJourneys_IssueExamples_PresentWithTheirTargets()
    {
        var all = StarterJourneys.All.SelectMany(j => j.Standards).ToList();

        Assert.Contains(all, s => s.Name == "Delivery slot kept" && s.Target == 95);
        Assert.Contains(all, s => s.Name == "Customer contact number captured on every order" && s.Target == 100);
        Assert.Contains(all, s => s.Name == "First-contact resolution" && s.Target == 80);
        Assert.Contains(all, s => s.Name == "The customer felt listened to" && s.Target == 4.5 && s.Kind == StandardKind.Soft);
    }

    [Theory]
    [InlineData("Europe/London", true)]
    [InlineData("America/New_York", true)]
    [InlineData("UTC", true)]
    [InlineData("GMT Standard Time", false)]
    [InlineData("Mars/Olympus", false)]
    [InlineData("", false)]
    public void IsTimeZone_IanaOnly(string id, bool expected) => Assert.Equal(expected, SetupRules.IsTimeZone(id));

    [Fact]
    public void Validate_SoftTargetOffScaleAndHardPercentOver100_BothReported()
    {
        var starter = StarterJourneys.Find("delivery")!;
        var standards = starter.Standards.Select(s => s.ToStandard(Day)).Select(s => s.Id switch
        {
            "listened-to" => s with { Versions = [new TargetVersion(Day, 6)] },
            "slot-kept" => s with { Versions = [new TargetVersion(Day, 101)] },
            _ => s,
        });

        var errors = SetupRules.Validate(TenantSetup.Empty with { Journey = starter.Touchpoints, Standards = [.. standards] });

        Assert.Equal(2, errors.Count);
        Assert.Contains(errors, e => e.Contains("\"listened-to\" targets are averages on the 1–5 scale", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Contains("\"slot-kept\" targets must be numbers from 0 to 100", StringComparison.Ordinal));
    }

    [Fact]
    public void Validate_TeamNamingUnknownStandardAndLeadershipUnknownTeam_Reported()
    {
        var team = new TeamSetup("19:a@thread.tacv2", "A", "19:a@thread.tacv2", "UTC", new TimeOnly(18, 0), [], ["nope"]);
        var setup = TenantSetup.Empty with { Teams = [team], Leadership = [new LeadershipChannel("19:l@thread.tacv2", "Leaders", false, ["19:b@thread.tacv2"])] };

        var errors = SetupRules.Validate(setup);

        Assert.Contains("Team \"A\" applies standard \"nope\", which does not exist.", errors);
        Assert.Contains("Leadership channel \"Leaders\" names team \"19:b@thread.tacv2\", which does not exist.", errors);
    }

    [Fact]
    public void SyncMembers_TeamAtSetupsLimitAndOneJoinsOneLeaves_LeaverRemovedJoinerLeftToTheRosterNothingRefused()
    {
        // Teams allow 25,000 members; setup's row keeps at most MaxMembers, and the features read larger teams from the roster.
        var members = Enumerable.Range(0, SetupRules.MaxMembers).Select(i => new TeamMember($"00000000-0000-0000-0000-{i:D12}", null, TeamRole.FrontLine)).ToList();
        var team = new TeamSetup("19:a@thread.tacv2", "A", "19:a@thread.tacv2", "UTC", new TimeOnly(18, 0), members, []);
        var setup = TenantSetup.Empty with { Teams = [team] };

        var full = TeamChanges.SyncMembers(setup, team.Id, [new TeamMember("11111111-1111-1111-1111-111111111111", "Nia", TeamRole.FrontLine)], []);
        var swap = TeamChanges.SyncMembers(setup, team.Id, [new TeamMember("11111111-1111-1111-1111-111111111111", "Nia", TeamRole.FrontLine)], [members[0].UserId]);

        Assert.Equal((TeamChanges.JoinersLeftToRoster, SetupRules.MaxMembers), (full.Done, full.Setup!.Teams[0].Members.Count));
        Assert.Empty(SetupRules.Validate(full.Setup));
        Assert.Equal("Team members updated.", swap.Done);
        Assert.Contains(swap.Setup!.Teams[0].Members, m => m.UserId == "11111111-1111-1111-1111-111111111111");
        Assert.DoesNotContain(swap.Setup.Teams[0].Members, m => m.UserId == members[0].UserId);
    }

    [Theory]
    [InlineData("Delivery slot kept!", "delivery-slot-kept")]
    [InlineData("  Café — 24/7 ", "caf-24-7")]
    [InlineData("???", "item")]
    [InlineData("slot kept", "slot-kept-2")]
    public void NewId_Name_SlugUniqueAmongTaken(string name, string expected) =>
        Assert.Equal(expected, JourneyChanges.NewId(name, ["slot-kept"]));
}
