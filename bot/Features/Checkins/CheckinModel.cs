namespace CxBot.Features.Checkins;

/// <summary>A team's check-in settings: on or off, the local working days prompts go out on, and the reminder delay (zero: none).</summary>
internal sealed record TeamCheckinSettings(bool Enabled, IReadOnlyList<DayOfWeek> Days, TimeSpan ReminderDelay)
{
    public static readonly IReadOnlyList<DayOfWeek> WeekDays = [DayOfWeek.Monday, DayOfWeek.Tuesday, DayOfWeek.Wednesday, DayOfWeek.Thursday, DayOfWeek.Friday];

    public static TeamCheckinSettings Default(TimeSpan reminderDelay) => new(true, WeekDays, reminderDelay);
}

/// <summary>
/// One person's choices: stopped for good (until they resume), paused until a date (no prompts before it), and quiet hours
/// (a local window, in the zone of the team whose prompt it is; it may run past midnight).
/// </summary>
internal sealed record PersonPreferences(bool Stopped, DateOnly? PausedUntil, TimeOnly? QuietFrom, TimeOnly? QuietTo)
{
    public static readonly PersonPreferences None = new(false, null, null, null);

    /// <summary>True when a prompt for <paramref name="date"/> at local time <paramref name="at"/> may be sent.</summary>
    public bool Allows(DateOnly date, TimeOnly at) => !Stopped && !(PausedUntil is { } until && date < until) && !IsQuiet(at);

    public bool IsQuiet(TimeOnly at) => QuietFrom is { } from && QuietTo is { } to && from != to && (from < to ? at >= from && at < to : at >= from || at < to);
}

/// <summary>
/// A team-day's schedule record: when the prompt job was created, when the reminder falls due (null: none), when it was
/// sent; and when the delivery outcomes of the prompt and of the reminder were recorded on the person-day rows.
/// </summary>
internal sealed record CheckinDay(DateOnly Date, DateTimeOffset PromptedAt, int Prompted, DateTimeOffset? ReminderDue, DateTimeOffset? RemindedAt)
{
    /// <summary>When the prompt job's outcomes were recorded (null: not yet, or a day from before they were).</summary>
    public DateTimeOffset? DeliveryRecordedAt { get; init; }

    /// <summary>When the reminder job's outcomes were recorded (null: not yet, or no reminder).</summary>
    public DateTimeOffset? ReminderDeliveryRecordedAt { get; init; }
}

/// <summary>What the caller is told after an answer: stored, or why not.</summary>
internal sealed record AnswerOutcome(bool Stored, string Message, CheckinAnswer? Answer = null);
