using CxBot.Protocol;
using CxBot.Protocol.Connector;
using CxBot.Protocol.Routing;
using CxBot.Storage;
using Microsoft.Extensions.Caching.Memory;

namespace CxBot.Features.People;

/// <summary>
/// Keeps the people record current from what people send: each activity's <c>from</c> carries their display name, Entra object
/// id and Teams user id, so a renamed person shows the new name from their next message. The (bounded) memory of what
/// this instance last wrote only saves repeated writes; another instance writing the same facts again is harmless.
/// </summary>
internal sealed class PersonRecorder(PersonStore persons, IConnectorClient connector, ILogger<PersonRecorder> logger) : IActivityObserver, IDisposable
{
    private const int MaxName = 256;
    private readonly MemoryCache _written = new(new MemoryCacheOptions { SizeLimit = 20_000 });

    public async Task ObserveAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (activity.TenantId() is not { } tenantId || activity.From is not { AadObjectId: { Length: > 0 } aad } from)
        {
            return;
        }

        // Some events (an install in a team, from some clients) carry no name, and the card answering it names its installer.
        var name = string.IsNullOrEmpty(from.Name) ? await InstallerNameAsync(activity, cancellationToken) : from.Name;
        if (name is null || !IsName(name))
        {
            return;
        }

        var facts = new PersonFacts(PeopleTables.PersonId(aad), name.Trim(), null, null, from.Id, null, PersonSources.Activity);
        var key = tenantId + "|" + facts.AadObjectId;
        if (_written.TryGetValue(key, out PersonFacts? last) && last == facts)
        {
            return;
        }

        try
        {
            await persons.UpsertAsync(tenantId, [facts], cancellationToken);
            _written.Set(key, facts, new MemoryCacheEntryOptions { Size = 1 });
        }
        catch (TableStorageException ex)
        {
            Log.PersonNotRecorded(logger, ex.Status);
        }
    }

    public void Dispose() => _written.Dispose();

    /// <summary>For an install in a team whose event has no name: the installer's name from the team (one member call), else null.</summary>
    private async Task<string?> InstallerNameAsync(Activity activity, CancellationToken cancellationToken)
    {
        if (activity.Type != ActivityTypes.InstallationUpdate || activity.ChannelData?.Team?.Id is not { } teamId || activity.ServiceUrl is not { } serviceUrl || activity.From?.Id is not { Length: > 0 } userId)
        {
            return null;
        }

        try
        {
            var member = await connector.GetMemberAsync(serviceUrl, teamId, userId, cancellationToken);
            return member is { IsOk: true, Value.Name: { Length: > 0 } name } ? name : null;
        }
        catch (Exception ex) when (ex is ConnectorException or ServiceUrlNotAllowedException or HttpRequestException)
        {
            Log.RosterReadFailed(logger, ex.GetType().Name);
            return null;
        }
    }

    /// <summary>A display name as Teams gives them: not blank, at most 256 characters, no control characters.</summary>
    private static bool IsName(string name) => name.Length <= MaxName && !string.IsNullOrWhiteSpace(name) && !name.Any(char.IsControl);
}
