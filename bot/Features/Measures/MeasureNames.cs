namespace CxBot.Features.Measures;

/// <summary>The weekly figures' wire strings: typed phrases, card verbs, templates, table and input ids, each in one place.</summary>
internal static class MeasureNames
{
    /// <summary>Typed: opens the card to record a team's weekly figures (what the home card's button runs).</summary>
    public const string Command = "record measures";

    /// <summary>Other ways of saying it. Phrases, not commands: Teams' command menus are full (10 per scope).</summary>
    public static readonly IReadOnlyList<string> Phrases =
    [
        Command, "record figures", "record weekly figures", "weekly figures", "week figures", "record measure",
        "enter figures", "enter measures", "enter weekly figures", "measures",
    ];

    public const string Show = "measures.show";
    public const string Save = "measures.save";

    public const string FormTemplate = "measures/form";
    public const string RecordedTemplate = "measures/recorded";

    /// <summary>One row per team and week (see <see cref="MeasureStore"/>).</summary>
    public const string Table = "Measures";

    /// <summary>Input ids of the form: this prefix and the standard id (ids are <c>[a-z0-9-]</c>).</summary>
    public const string ValuePrefix = "m_";

    /// <summary>The toggle that clears a recorded figure: this prefix and the standard id.</summary>
    public const string ClearPrefix = "clear_";

    /// <summary>The pickers of "Another team or week".</summary>
    public const string PickTeam = "pickTeam";
    public const string PickWeek = "pickWeek";
}
