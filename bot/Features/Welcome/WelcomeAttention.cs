using System.Globalization;
using CxBot.Features.Setup;
using CxBot.Protocol.Sending;

namespace CxBot.Features.Welcome;

/// <summary>
/// Tells the tenant's admins, on the setup card, how many welcomes never arrived: the send engine gave up on them after
/// every attempt (a 429 is only waited out, never a reason to give up). Nothing when all arrived.
/// </summary>
internal sealed class WelcomeAttention(ISendFailures failures) : IAdminAttention
{
    public async Task<IReadOnlyList<string>> LinesAsync(string tenantId, CancellationToken cancellationToken)
    {
        var tally = (await failures.ListAsync(tenantId, cancellationToken)).FirstOrDefault(f => f.Label == WelcomeRoutes.WelcomeKind);
        if (tally is not { Failed: > 0 })
        {
            return [];
        }

        var when = tally.LastAt.ToString("d MMM yyyy", CultureInfo.InvariantCulture);
        return
        [
            tally.Failed == 1
                ? $"One welcome from CxBot could not be delivered ({when}): Teams kept refusing it. Whoever missed it can type help to CxBot to see what it does."
                : $"{tally.Failed.ToString("N0", CultureInfo.InvariantCulture)} welcomes from CxBot could not be delivered (the last on {when}): Teams kept refusing them. Whoever missed one can type help to CxBot to see what it does.",
        ];
    }
}
