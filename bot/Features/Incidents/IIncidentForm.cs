using System.Text.Json.Nodes;
using CxBot.Features.Setup;

namespace CxBot.Features.Incidents;

/// <summary>What another feature knows of an incident it asks someone to log: the team, touchpoint, standard, description, and a key of its own.</summary>
/// <param name="LinkKey">The source's own id (a survey answer's): the form's submission is keyed by it, so however often the
/// form is opened and submitted, the source gets one incident.</param>
internal sealed record IncidentPrefill(string TeamId, string? TouchpointId, string? StandardId, string What, string LinkKey);

/// <summary>The incident log form, for features that open it filled in (the customer survey's recovery card).</summary>
internal interface IIncidentForm
{
    /// <summary>The log form for <paramref name="caller"/> with <paramref name="prefill"/> typed in; null when they are in no team.</summary>
    /// <exception cref="CxBot.Storage.TableStorageException">Storage failed.</exception>
    Task<JsonObject?> PrefilledAsync(Caller caller, IncidentPrefill prefill, CancellationToken cancellationToken);
}
