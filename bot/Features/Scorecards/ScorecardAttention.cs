using CxBot.Features.Setup;

namespace CxBot.Features.Scorecards;

/// <summary>Tells admins (on the setup card) which leadership channels have scorecards waiting because CxBot cannot post there yet.</summary>
internal sealed class ScorecardAttention(ScorecardClaims claims) : IAdminAttention
{
    public async Task<IReadOnlyList<string>> LinesAsync(string tenantId, CancellationToken cancellationToken) =>
        [.. (await claims.WaitingChannelsAsync(tenantId, cancellationToken)).Select(name =>
            $"Scorecards for the channel \u201c{name}\u201d are waiting: CxBot cannot post there yet. Add CxBot to that channel's team and say \u201cpost scorecards here\u201d in the channel; they follow within a minute.")];
}
