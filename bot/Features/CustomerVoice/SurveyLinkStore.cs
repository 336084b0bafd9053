using CxBot.Storage;
using Microsoft.Extensions.Options;

namespace CxBot.Features.CustomerVoice;

/// <summary>Why a token opens no survey: it is not ours (forged, altered, another team's), or its link was revoked or replaced.</summary>
internal enum LinkRefusal
{
    None,
    Unknown,
    Revoked,
}

/// <summary>What a token leads to: its claims and link when it works, or why not.</summary>
internal sealed record LinkCheck(LinkRefusal Refusal, SurveyTokenClaims? Claims)
{
    public bool Works => Refusal == LinkRefusal.None && Claims is not null;
}

/// <summary>
/// The <c>SurveyLinks</c> table, partition per tenant: a row per link (<c>link|{id}</c>: team, touchpoint, who issued it and when,
/// when it was revoked) and a pointer per team and touchpoint to its live link (<c>live|{team}|{touchpoint}</c>, swapped with its
/// ETag, so two managers issuing at once leave one live link and the other revoked). A token is checked against its link row
/// on every use: a revoked link stops working at once on every instance.
/// </summary>
internal sealed class SurveyLinkStore(TableServiceClient tables, SurveySigning signing, IOptions<CustomerVoiceOptions> options, TimeProvider time) : ISurveyLinks
{
    private const int Attempts = 10;
    private const int OnceWaits = 15;
    private static readonly TimeSpan OnceWait = TimeSpan.FromMilliseconds(200);
    private readonly TableClient _table = tables.GetTableClient(CustomerVoiceNames.LinksTable);

    public async Task<SurveyLink> IssueAsync(string tenantId, string teamId, string touchpointId, string issuedBy, CancellationToken cancellationToken)
    {
        if (!signing.IsConfigured || options.Value.PublicBaseUrl is not { Length: > 0 })
        {
            throw new InvalidOperationException("Survey links need CustomerVoice:SigningKey and a public address (CustomerVoice:PublicBaseUrl or Teams:Domain).");
        }

        await _table.CreateIfNotExistsAsync(cancellationToken);
        var pk = TableKeys.ToSafeKey(tenantId);
        var now = time.GetUtcNow();
        var id = SurveySigning.NewId();
        await _table.AddEntityAsync(new TableEntity(pk, LinkKey(id))
        {
            ["TeamId"] = teamId,
            ["TouchpointId"] = touchpointId,
            ["IssuedBy"] = issuedBy,
            ["Created"] = now,
        }, cancellationToken);

        for (var attempt = 0; attempt < Attempts; attempt++)
        {
            var pointer = await _table.GetEntityIfExistsAsync(pk, LiveKey(teamId, touchpointId), cancellationToken);
            var next = new TableEntity(pk, LiveKey(teamId, touchpointId)) { ["LinkId"] = id };
            try
            {
                if (pointer is null)
                {
                    await _table.AddEntityAsync(next, cancellationToken);
                }
                else
                {
                    await _table.UpdateEntityAsync(next, pointer.ETag, TableUpdateMode.Replace, cancellationToken);
                    if (pointer.GetString("LinkId") is { } previous)
                    {
                        await MarkRevokedAsync(pk, previous, issuedBy, now, cancellationToken);
                    }
                }

                return Link(tenantId, id, teamId, touchpointId, issuedBy, now);
            }
            catch (TableETagMismatchException)
            {
                // Another manager issued or revoked at the same moment: read the pointer again.
            }
            catch (TableStorageException e) when (e.IsAlreadyExists)
            {
                // The same: someone created the pointer in between.
            }
        }

        await MarkRevokedAsync(pk, id, issuedBy, now, cancellationToken);
        throw new TableStorageException(412, "UpdateConditionNotSatisfied", "The survey link kept changing while a new one was issued.");
    }

    /// <summary>
    /// The live link, or when there is none (or <paramref name="replace"/>), a new one; once per <paramref name="requestId"/> (the
    /// activity's id): a redelivered request claims the same <c>once|{hash}</c> row, finds it taken, and gets the live link
    /// without issuing or revoking again, on any instance.
    /// </summary>
    public async Task<SurveyLink> IssueOnceAsync(string tenantId, string teamId, string touchpointId, string issuedBy, string requestId, bool replace, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        if (!replace && await CurrentAsync(tenantId, teamId, touchpointId, cancellationToken) is { } live)
        {
            return live;
        }

        var pk = TableKeys.ToSafeKey(tenantId);
        var key = "once|" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(requestId)))[..32];
        try
        {
            await _table.AddEntityAsync(new TableEntity(pk, key) { ["TeamId"] = teamId, ["TouchpointId"] = touchpointId }, cancellationToken);
        }
        catch (TableStorageException e) when (e.IsAlreadyExists)
        {
            // The same request again (Teams redelivers): what the first delivery issued stands. It may still be issuing: wait a little for it.
            for (var wait = 0; wait < OnceWaits; wait++)
            {
                var claimed = await _table.GetEntityIfExistsAsync(pk, key, cancellationToken);
                if (claimed?.GetString("LinkId") is not null)
                {
                    var current = await CurrentAsync(tenantId, teamId, touchpointId, cancellationToken);
                    return current ?? await IssueAsync(tenantId, teamId, touchpointId, issuedBy, cancellationToken);
                }

                await Task.Delay(OnceWait, cancellationToken);
            }

            return await CurrentAsync(tenantId, teamId, touchpointId, cancellationToken)
                ?? await IssueAsync(tenantId, teamId, touchpointId, issuedBy, cancellationToken);
        }

        var link = await IssueAsync(tenantId, teamId, touchpointId, issuedBy, cancellationToken);
        await _table.UpdateEntityAsync(new TableEntity(pk, key) { ["LinkId"] = link.Id }, Azure.ETag.All, TableUpdateMode.Merge, cancellationToken);
        return link;
    }

    public async Task<bool> RevokeAsync(string tenantId, string teamId, string touchpointId, string revokedBy, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var pk = TableKeys.ToSafeKey(tenantId);
        var pointer = await _table.GetEntityIfExistsAsync(pk, LiveKey(teamId, touchpointId), cancellationToken);
        if (pointer?.GetString("LinkId") is not { } id)
        {
            return false;
        }

        await MarkRevokedAsync(pk, id, revokedBy, time.GetUtcNow(), cancellationToken);
        try
        {
            await _table.DeleteEntityAsync(pk, pointer.RowKey, pointer.ETag, cancellationToken);
        }
        catch (TableETagMismatchException)
        {
            // Someone issued a new link in between: the one revoked here stays revoked, theirs is live.
        }

        return true;
    }

    public async Task<SurveyLink?> CurrentAsync(string tenantId, string teamId, string touchpointId, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var pk = TableKeys.ToSafeKey(tenantId);
        var pointer = await _table.GetEntityIfExistsAsync(pk, LiveKey(teamId, touchpointId), cancellationToken);
        if (pointer?.GetString("LinkId") is not { } id
            || await _table.GetEntityIfExistsAsync(pk, LinkKey(id), cancellationToken) is not { } row
            || row.GetDateTimeOffset("RevokedAt") is not null)
        {
            return null;
        }

        return Link(tenantId, id, teamId, touchpointId, row.GetString("IssuedBy") ?? "", row.GetDateTimeOffset("Created") ?? default);
    }

    /// <summary>Whether <paramref name="token"/> opens a survey now: signed by us, its link stored for the same team and touchpoint, not revoked.</summary>
    public async Task<LinkCheck> CheckAsync(string? token, CancellationToken cancellationToken)
    {
        if (signing.ReadToken(token) is not { } claims)
        {
            return new LinkCheck(LinkRefusal.Unknown, null);
        }

        await _table.CreateIfNotExistsAsync(cancellationToken);
        var row = await _table.GetEntityIfExistsAsync(TableKeys.ToSafeKey(claims.TenantId), LinkKey(claims.LinkId), cancellationToken);
        if (row is null || row.GetString("TeamId") != claims.TeamId || row.GetString("TouchpointId") != claims.TouchpointId)
        {
            return new LinkCheck(LinkRefusal.Unknown, null);
        }

        return row.GetDateTimeOffset("RevokedAt") is null ? new LinkCheck(LinkRefusal.None, claims) : new LinkCheck(LinkRefusal.Revoked, claims);
    }

    private async Task MarkRevokedAsync(string pk, string linkId, string by, DateTimeOffset at, CancellationToken cancellationToken)
    {
        // Merge without a condition on purpose: revoking is final and the same whoever does it first.
        try
        {
            await _table.UpdateEntityAsync(new TableEntity(pk, LinkKey(linkId)) { ["RevokedAt"] = at, ["RevokedBy"] = by }, Azure.ETag.All, TableUpdateMode.Merge, cancellationToken);
        }
        catch (TableStorageException e) when (e.IsNotFound)
        {
            // Nothing to revoke.
        }
    }

    private SurveyLink Link(string tenantId, string id, string teamId, string touchpointId, string issuedBy, DateTimeOffset created) =>
        new(id, Url(signing.Token(new SurveyTokenClaims(tenantId, teamId, touchpointId, id))), created, teamId, touchpointId, issuedBy);

    private string Url(string token) => options.Value.PublicBaseUrl!.TrimEnd('/') + CustomerVoiceNames.PathPrefix + token;

    private static string LinkKey(string id) => "link|" + TableKeys.ToSafeKey(id);

    private static string LiveKey(string teamId, string touchpointId) => "live|" + TableKeys.ToSafeKey(teamId) + "|" + TableKeys.ToSafeKey(touchpointId);
}
