namespace CxBot.Features.Setup;

/// <summary>The setup feature's typed commands, card verbs and templates (see <c>cards/setup/</c>).</summary>
internal static class SetupNames
{
    public const string SetupCommand = "setup";
    public const string PostScorecardsCommand = "post scorecards here";

    public const string Show = "setup.show";
    public const string PickJourney = "setup.journey.pick";
    public const string ChangeTarget = "setup.standard.target";
    public const string Retire = "setup.standard.retire";
    public const string NewStandard = "setup.standard.new";
    public const string AddStandard = "setup.standard.add";
    public const string AddTouchpoint = "setup.touchpoint.add";
    public const string SaveTouchpoint = "setup.touchpoint.save";
    public const string ShowOrganisation = "setup.org.show";
    public const string SaveOrganisation = "setup.org.save";
    public const string AddAdmin = "setup.admin.add";
    public const string RemoveAdmin = "setup.admin.remove";
    public const string SaveTeam = "setup.team.save";
    public const string SaveLeadership = "setup.leadership.save";

    public const string HomeTemplate = "setup/home";
    public const string OrganisationTemplate = "setup/organisation";
    public const string StandardTemplate = "setup/standard";
    public const string TeamTemplate = "setup/team";
    public const string LeadershipTemplate = "setup/leadership";
}
