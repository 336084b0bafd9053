using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using CxBot.Cards;
using CxBot.Features.Setup;
using Microsoft.Extensions.Options;

namespace CxBot.Features.Incidents;

/// <summary>The log form filled in for another feature: the caller's teams as ever, the prefill's fields typed in, its key as the submission token.</summary>
internal sealed class IncidentFormCards(IncidentService incidents, CardTemplates cards, IOptions<IncidentOptions> options) : IIncidentForm
{
    public async Task<JsonObject?> PrefilledAsync(Caller caller, IncidentPrefill prefill, CancellationToken cancellationToken)
    {
        var setup = await incidents.Setup.GetAsync(caller.TenantId, cancellationToken);
        var teams = await incidents.TeamsOfAsync(setup, caller, cancellationToken);
        if (teams.Count == 0)
        {
            return null;
        }

        var typed = new LogInputs(prefill.TeamId, CardText.Clip(prefill.What, IncidentForm.MaxWhat), null, null, prefill.TouchpointId, prefill.StandardId, null, null, false, null, null);
        return cards.Bind(IncidentNames.LogTemplate, IncidentViews.LogForm(setup, teams, typed, null, incidents.Now, Token(prefill.LinkKey), setup.Organisation?.Currency ?? options.Value.DefaultCurrency));
    }

    /// <summary>A token of the card's shape derived from the source's key: the same source always claims the same submission.</summary>
    public static string Token(string linkKey) => "link-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(linkKey)))[..40];
}
