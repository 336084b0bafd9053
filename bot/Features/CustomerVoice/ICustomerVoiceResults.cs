namespace CxBot.Features.CustomerVoice;

/// <summary>
/// What customers answered, for the scorecards and the recovery loop. Weeks run Monday to Sunday in the team's time zone, by when
/// the customer opened the survey; <c>monday</c> is that week's local Monday (another day is read as its week).
/// </summary>
internal interface ICustomerVoiceResults
{
    /// <summary>The team's answers of the week: per soft standard the sum and count of scores, and the low scores whose customer agreed to be contacted.</summary>
    /// <exception cref="CxBot.Storage.TableStorageException">Storage failed.</exception>
    Task<CustomerVoiceWeek> GetWeekAsync(string tenantId, string teamId, DateOnly monday, CancellationToken cancellationToken);

    /// <summary>The team's answers of the week one by one (when each was given and its scores), so the scorecards can recompute the week's tally as it stood at any instant.</summary>
    /// <exception cref="CxBot.Storage.TableStorageException">Storage failed.</exception>
    Task<IReadOnlyList<CustomerScores>> GetAnswersAsync(string tenantId, string teamId, DateOnly monday, CancellationToken cancellationToken);
}

/// <summary>One customer's answer as the scorecards recompute it: when it was given and its scores by standard id.</summary>
internal sealed record CustomerScores(DateTimeOffset AnsweredAt, IReadOnlyDictionary<string, int> Scores);

/// <summary>A week of a team's customer answers: how many, per standard id the scores' sum and count, and the low scores to follow up.</summary>
internal sealed record CustomerVoiceWeek(int Answers, IReadOnlyDictionary<string, ScoreTally> ByStandard, IReadOnlyList<LowScoreAnswer> LowScores);

/// <summary>Scores of one standard: their sum and how many (the average is Sum / Count).</summary>
internal sealed record ScoreTally(int Sum, int Count);

/// <summary>
/// An answer with a score of 1 or 2 whose customer ticked "may we contact you" (<see cref="Contact"/> null once the retention
/// period deleted it): its id, touchpoint, when, every score it gave by standard id, and the comment.
/// </summary>
internal sealed record LowScoreAnswer(string AnswerId, string TouchpointId, DateTimeOffset AnsweredAt, IReadOnlyDictionary<string, int> Scores, string? Comment, string? Contact);
