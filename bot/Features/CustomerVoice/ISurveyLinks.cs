namespace CxBot.Features.CustomerVoice;

/// <summary>A survey link: its id, the public URL customers open (what the QR code and the poster carry), and when it was issued.</summary>
internal sealed record SurveyLink(string Id, string Url, DateTimeOffset Created, string TeamId, string TouchpointId, string IssuedBy);

/// <summary>
/// The survey links of a team's touchpoints, for the manager's side (the <c>customer survey</c> card): one live link per team and
/// touchpoint. Issuing a new one retires the one before, so a leaked or torn poster is replaced by printing the new one.
/// Callers check the manager's role first; these methods do not.
/// </summary>
internal interface ISurveyLinks
{
    /// <summary>Issues a new link for the team's touchpoint (the previous one, if any, stops working at once).</summary>
    /// <exception cref="InvalidOperationException">No signing key or public address is configured (<c>CustomerVoice:SigningKey</c>, <c>CustomerVoice:PublicBaseUrl</c>).</exception>
    /// <exception cref="CxBot.Storage.TableStorageException">Storage failed.</exception>
    Task<SurveyLink> IssueAsync(string tenantId, string teamId, string touchpointId, string issuedBy, CancellationToken cancellationToken);

    /// <summary>Revokes the team's live link for the touchpoint; false when there was none.</summary>
    /// <exception cref="CxBot.Storage.TableStorageException">Storage failed.</exception>
    Task<bool> RevokeAsync(string tenantId, string teamId, string touchpointId, string revokedBy, CancellationToken cancellationToken);

    /// <summary>The team's live link for the touchpoint, or null when none was issued or it was revoked.</summary>
    /// <exception cref="CxBot.Storage.TableStorageException">Storage failed.</exception>
    Task<SurveyLink?> CurrentAsync(string tenantId, string teamId, string touchpointId, CancellationToken cancellationToken);
}
