using CxBot.Storage;

namespace CxBot.Features.Incidents;

/// <summary>The channel a team chose for its high and critical incidents: one index row per team.</summary>
internal sealed partial class IncidentStore
{
    public async Task<string?> GetChannelAsync(string tenantId, string teamId, CancellationToken cancellationToken)
    {
        await _index.CreateIfNotExistsAsync(cancellationToken);
        var row = await _index.GetEntityIfExistsAsync(IncidentKeys.Tenant(tenantId), IncidentKeys.Channel(teamId), cancellationToken);
        return row?.GetString("ConversationId");
    }

    /// <summary>Sets (or with null, clears) the team's channel; the last manager to choose wins, on purpose.</summary>
    public async Task SetChannelAsync(string tenantId, string teamId, string? conversationId, CancellationToken cancellationToken)
    {
        await _index.CreateIfNotExistsAsync(cancellationToken);
        var pk = IncidentKeys.Tenant(tenantId);
        if (conversationId is null)
        {
            await _index.DeleteEntityAsync(pk, IncidentKeys.Channel(teamId), Azure.ETag.All, cancellationToken);
        }
        else
        {
            await _index.UpsertEntityAsync(new TableEntity(pk, IncidentKeys.Channel(teamId)) { ["ConversationId"] = conversationId }, TableUpdateMode.Replace, cancellationToken);
        }
    }
}
