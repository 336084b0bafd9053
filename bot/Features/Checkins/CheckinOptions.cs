using System.ComponentModel.DataAnnotations;

namespace CxBot.Features.Checkins;

/// <summary>The <c>Checkins</c> section: how often the scheduler looks, and the defaults of a team that never changed its settings.</summary>
public sealed class CheckinOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Checkins";

    /// <summary>How often the scheduler looks for teams whose shift has ended (and reminders that fall due).</summary>
    [Range(typeof(TimeSpan), "00:00:05", "00:15:00")]
    public TimeSpan Tick { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The reminder delay of a team that has not chosen one (zero: no reminder).</summary>
    [Range(typeof(TimeSpan), "00:00:00", "12:00:00")]
    public TimeSpan DefaultReminderDelay { get; set; } = TimeSpan.FromHours(2);

    /// <summary>A reminder later than this past its due time (the bot was down) is dropped rather than sent.</summary>
    [Range(typeof(TimeSpan), "00:05:00", "1.00:00:00")]
    public TimeSpan ReminderCutoff { get; set; } = TimeSpan.FromHours(6);

    /// <summary>How long the scheduler keeps the list of teams (time zones, shift ends) before reading it again.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan TeamsRefresh { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>How many days after its prompt a check-in can still be answered or changed.</summary>
    [Range(0, 6)]
    public int AnswerDays { get; set; } = 2;
}
