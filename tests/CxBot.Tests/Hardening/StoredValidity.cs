using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.RegularExpressions;
using CxBot.Features.Ideas;
using CxBot.Features.Incidents;
using CxBot.Features.Setup;
using CxBot.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests.Hardening;

/// <summary>
/// Re-validates what the bot stored with the features' own decoding and rules: each incident and idea decodes, has text within
/// its limits and choices from its lists, sits in its own tenant's partition, and belongs to a team of its tenant's setup; each
/// tenant's setup passes <see cref="SetupRules.Validate"/>. Returns one line per problem.
/// </summary>
internal static partial class StoredValidity
{
    private static readonly JsonSerializerOptions IdeaJson = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static async Task<IReadOnlyList<string>> CheckAsync(IServiceProvider services, IReadOnlyList<StoredRow> rows)
    {
        var problems = new List<string>();
        var setups = services.GetRequiredService<SetupService>();
        var incidents = services.GetRequiredService<IncidentStore>();
        var tenants = new HashSet<string>(StringComparer.Ordinal);

        foreach (var row in rows.Where(r => r.Table == IncidentNames.IncidentsTable && IncidentReference().IsMatch(r.RowKey)))
        {
            var stored = await incidents.GetAsync(row.PartitionKey, row.RowKey, default);
            if (stored is null)
            {
                problems.Add($"incident {row.RowKey} does not decode");
                continue;
            }

            var i = stored.Incident;
            tenants.Add(i.TenantId);
            var setup = await setups.GetAsync(i.TenantId, default);
            if (!row.PartitionKey.StartsWith(IncidentKeys.Tenant(i.TenantId) + "|", StringComparison.Ordinal))
            {
                problems.Add($"incident {i.Reference} is in another tenant's partition");
            }

            if (string.IsNullOrWhiteSpace(i.What) || i.What.Length > IncidentForm.MaxWhat || !Enum.IsDefined(i.Severity) || !Enum.IsDefined(i.RootCause) || !Enum.IsDefined(i.Status))
            {
                problems.Add($"incident {i.Reference} has text or choices outside its rules");
            }

            if (setup.FindTeam(i.TeamId) is null)
            {
                problems.Add($"incident {i.Reference} belongs to a team that is not in its tenant's setup");
            }
        }

        foreach (var row in rows.Where(r => r.Table == IdeaNames.TableName && r.RowKey.StartsWith("idea", StringComparison.Ordinal)))
        {
            var idea = row.Properties.TryGetValue("Json", out var json) && json is string text ? JsonSerializer.Deserialize<Idea>(text, IdeaJson) : null;
            if (idea is null)
            {
                problems.Add($"idea row {row.PartitionKey} does not decode");
                continue;
            }

            tenants.Add(idea.TenantId);
            var t = idea.Text;
            if (!row.PartitionKey.StartsWith(TableKeys.ToSafeKey(idea.TenantId), StringComparison.Ordinal))
            {
                problems.Add($"idea {idea.Id} is in another tenant's partition");
            }

            if (string.IsNullOrWhiteSpace(t.Problem) || t.Problem.Length > IdeaNames.MaxProblem || string.IsNullOrWhiteSpace(t.Proposal) || t.Proposal.Length > IdeaNames.MaxProposal
                || t.Benefit?.Length > IdeaNames.MaxBenefit || t.IncidentRef?.Length > IdeaNames.MaxIncidentRef || !Enum.IsDefined(idea.Status))
            {
                problems.Add($"idea {idea.Id} has text or choices outside its rules");
            }

            if ((await setups.GetAsync(idea.TenantId, default)).FindTeam(idea.TeamId) is null)
            {
                problems.Add($"idea {idea.Id} belongs to a team that is not in its tenant's setup");
            }
        }

        foreach (var tenant in tenants)
        {
            foreach (var problem in SetupRules.Validate(await setups.GetAsync(tenant, default)))
            {
                problems.Add($"setup of a tenant: {problem}");
            }
        }

        return problems;
    }

    [GeneratedRegex(@"^INC-\d{4}-\d{6}$")]
    private static partial Regex IncidentReference();
}
