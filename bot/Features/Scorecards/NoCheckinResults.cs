using CxBot.Features.Checkins;

namespace CxBot.Features.Scorecards;

/// <summary>
/// INTERIM, delete at merge: check-ins are built on another branch, which registers the real <see cref="ICheckinResults"/>.
/// Until then the scorecards see no check-ins (registered with TryAdd, so the real one wins).
/// </summary>
internal sealed class NoCheckinResults : ICheckinResults
{
    public Task<CheckinWeek> GetWeekAsync(string tenantId, string teamId, DateOnly monday, CancellationToken cancellationToken) => Task.FromResult(CheckinWeek.Empty);

    public Task<IReadOnlyList<CheckinAnswer>> GetAnswersAsync(string tenantId, string teamId, DateOnly monday, CancellationToken cancellationToken) =>
        Task.FromResult<IReadOnlyList<CheckinAnswer>>([]);
}
