using System.Globalization;
using CxBot.Storage;

namespace CxBot.Features.Checkins;

/// <summary>Team settings and personal preferences in the <c>CheckinSettings</c> table: one partition per tenant (keys in <see cref="CheckinKeys"/>).</summary>
internal sealed class CheckinSettingsStore(TableServiceClient tables)
{
    private readonly TableClient _table = tables.GetTableClient(CheckinNames.SettingsTable);

    /// <summary>The scheduler's lease, in this table.</summary>
    public TableLease Lease => new(_table);

    /// <summary>The team's settings; <paramref name="defaults"/> when it never changed them.</summary>
    public async Task<TeamCheckinSettings> GetTeamAsync(string tenantId, string teamId, TeamCheckinSettings defaults, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var row = await _table.GetEntityIfExistsAsync(CheckinKeys.Tenant(tenantId), CheckinKeys.Team(teamId), cancellationToken);
        return row is null ? defaults : new TeamCheckinSettings(
            row.GetBoolean("Enabled") ?? defaults.Enabled,
            row.GetString("Days") is { } days ? ParseDays(days) : defaults.Days,
            row.GetInt32("ReminderMinutes") is { } minutes ? TimeSpan.FromMinutes(minutes) : defaults.ReminderDelay);
    }

    public async Task SaveTeamAsync(string tenantId, string teamId, TeamCheckinSettings settings, string changedBy, DateTimeOffset at, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        await _table.UpsertEntityAsync(new TableEntity(CheckinKeys.Tenant(tenantId), CheckinKeys.Team(teamId))
        {
            ["Enabled"] = settings.Enabled,
            ["Days"] = string.Join(",", settings.Days.Select(d => (int)d)),
            ["ReminderMinutes"] = (int)settings.ReminderDelay.TotalMinutes,
            ["ChangedBy"] = changedBy,
            ["ChangedAt"] = at,
        }, TableUpdateMode.Replace, cancellationToken);
    }

    public async Task<PersonPreferences> GetPersonAsync(string tenantId, string userId, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var row = await _table.GetEntityIfExistsAsync(CheckinKeys.Tenant(tenantId), CheckinKeys.Person(userId), cancellationToken);
        return row is null ? PersonPreferences.None : ReadPerson(row);
    }

    /// <summary>Everyone in the tenant with preferences set, by user id (only people who changed something have a row).</summary>
    public async Task<IReadOnlyDictionary<string, PersonPreferences>> GetPeopleAsync(string tenantId, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var pk = CheckinKeys.Tenant(tenantId);
        var people = new Dictionary<string, PersonPreferences>(StringComparer.OrdinalIgnoreCase);
        await foreach (var row in _table.QueryAsync(TableFilter.Create($"PartitionKey eq {pk} and RowKey ge {CheckinKeys.PersonPrefix} and RowKey lt {CheckinKeys.End(CheckinKeys.PersonPrefix)}"), cancellationToken))
        {
            if (row.GetString("UserId") is { } user)
            {
                people[user] = ReadPerson(row);
            }
        }

        return people;
    }

    /// <summary>Replaces the person's preferences (last writer wins: only that person changes them).</summary>
    public async Task SavePersonAsync(string tenantId, string userId, PersonPreferences preferences, CancellationToken cancellationToken)
    {
        await _table.CreateIfNotExistsAsync(cancellationToken);
        var row = new TableEntity(CheckinKeys.Tenant(tenantId), CheckinKeys.Person(userId)) { ["UserId"] = userId, ["Stopped"] = preferences.Stopped };
        if (preferences.PausedUntil is { } until)
        {
            row["PausedUntil"] = CheckinKeys.Date(until);
        }

        if (preferences.QuietFrom is { } from && preferences.QuietTo is { } to)
        {
            row["QuietFrom"] = from.ToString("HH:mm", CultureInfo.InvariantCulture);
            row["QuietTo"] = to.ToString("HH:mm", CultureInfo.InvariantCulture);
        }

        await _table.UpsertEntityAsync(row, TableUpdateMode.Replace, cancellationToken);
    }

    private static PersonPreferences ReadPerson(TableEntity row) => new(
        row.GetBoolean("Stopped") ?? false,
        DateOnly.TryParseExact(row.GetString("PausedUntil"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var until) ? until : null,
        TimeOnly.TryParseExact(row.GetString("QuietFrom"), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var from) ? from : null,
        TimeOnly.TryParseExact(row.GetString("QuietTo"), "HH:mm", CultureInfo.InvariantCulture, DateTimeStyles.None, out var to) ? to : null);

    private static IReadOnlyList<DayOfWeek> ParseDays(string text) =>
        [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(d => int.TryParse(d, CultureInfo.InvariantCulture, out var n) && n is >= 0 and <= 6 ? (DayOfWeek?)n : null).OfType<DayOfWeek>().Distinct().Order()];
}
