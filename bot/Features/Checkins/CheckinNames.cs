namespace CxBot.Features.Checkins;

/// <summary>The check-in feature's card verbs, templates and tables (see <c>cards/checkins/</c>).</summary>
internal static class CheckinNames
{
    public const string Answer = "checkins.answer";
    public const string Pause = "checkins.pause";
    public const string Stop = "checkins.stop";
    public const string Resume = "checkins.resume";
    public const string Edit = "checkins.edit";
    public const string ShowPreferences = "checkins.preferences";

    /// <summary>Typed: opens the caller's check-in preferences, as the welcome card's *My check-ins* does.</summary>
    public const string MyCommand = "my check-ins";

    /// <summary>The same, in fewer words ("check-ins", "checkins").</summary>
    public const string Phrase = "check-ins";
    public const string SaveQuietHours = "checkins.quiet.save";
    public const string ShowTeamSettings = "checkins.team.show";
    public const string SaveTeamSettings = "checkins.team.save";

    public const string PromptTemplate = "checkins/prompt";
    public const string ThanksTemplate = "checkins/thanks";
    public const string PreferencesTemplate = "checkins/preferences";
    public const string SettingsTemplate = "checkins/settings";

    /// <summary>Prompts, answers and week summaries (see <see cref="CheckinKeys"/>).</summary>
    public const string CheckinsTable = "Checkins";

    /// <summary>Team settings, personal preferences and the scheduler's lease.</summary>
    public const string SettingsTable = "CheckinSettings";

    /// <summary>Input ids of the prompt's questions: this prefix and the standard id.</summary>
    public const string QuestionPrefix = "q_";
}
