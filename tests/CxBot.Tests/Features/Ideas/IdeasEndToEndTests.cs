using System.Text.Json.Nodes;
using CxBot.Features.Ideas;
using CxBot.Testing;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Features.Ideas;

/// <summary>Submitting, editing and withdrawing ideas through the real <c>/api/messages</c>, with the team's channel card read from the fake connector.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class IdeasEndToEndTests(AzuriteFixture azurite) : LocalBotTests(azurite)
{
    [Fact]
    public async Task Submit_ValidFormTwice_OneIdeaOneChannelCardAndSubmitterSeesEditButtons()
    {
        var team = await new IdeaTeam(App, Connector).SetUpAsync();
        await team.PostAsync(team.T.PersonalText(team.Member, "idea"));
        var form = CardText(Connector.Requests[^1]);
        var token = Guid.NewGuid().ToString("N");
        var reference = await team.LogIncidentAsync(team.Member);

        var first = await team.SubmitAsync(team.Member, IdeaTeam.Form(token, team.T.TeamId, incidentRef: reference.ToLowerInvariant()));
        var again = await team.SubmitAsync(team.Member, IdeaTeam.Form(token, team.T.TeamId, incidentRef: reference.ToLowerInvariant()));

        Assert.Contains("Share an idea", form, StringComparison.Ordinal);
        Assert.Contains(team.T.TeamId, form, StringComparison.Ordinal);
        var card = IdeaTeam.Text(first);
        Assert.Contains("shared with", card, StringComparison.Ordinal);
        Assert.Contains("Late slots cause calls.", card, StringComparison.Ordinal);
        Assert.Contains("\"ideas.edit\"", card, StringComparison.Ordinal);
        Assert.Contains($"\"title\":\"Incident\",\"value\":\"{reference}\"", card, StringComparison.Ordinal);
        Assert.Equal(IdeaTeam.IdeaIdOf(first), IdeaTeam.IdeaIdOf(again));
        var posted = Assert.Single(ChannelCards("POST"));
        Assert.DoesNotContain("\"ideas.edit\"", CardText(posted), StringComparison.Ordinal);
        Assert.Contains("0 votes", CardText(posted), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_MissingProposalUnknownTouchpointOrOtherTeam_RefusedWithReasonsAndNothingPosted()
    {
        var team = await new IdeaTeam(App, Connector).SetUpAsync();
        var noProposal = IdeaTeam.Form(Guid.NewGuid().ToString("N"), team.T.TeamId, proposal: null);
        var badTouchpoint = IdeaTeam.Form(Guid.NewGuid().ToString("N"), team.T.TeamId);
        badTouchpoint["touchpointId"] = "not-a-touchpoint";
        var tooLong = IdeaTeam.Form(Guid.NewGuid().ToString("N"), team.T.TeamId, problem: new string('x', IdeaNames.MaxProblem + 1));
        var otherTeam = IdeaTeam.Form(Guid.NewGuid().ToString("N"), "19:someone-elses-team@thread.tacv2");
        var noToken = IdeaTeam.Form("", team.T.TeamId);

        Assert.Contains("Describe your proposal: it is required.", IdeaTeam.Text(await team.SubmitAsync(team.Member, noProposal)), StringComparison.Ordinal);
        Assert.Contains("Pick a touchpoint from the list.", IdeaTeam.Text(await team.SubmitAsync(team.Member, badTouchpoint)), StringComparison.Ordinal);
        Assert.Contains("at most 1000 characters", IdeaTeam.Text(await team.SubmitAsync(team.Member, tooLong)), StringComparison.Ordinal);
        Assert.Contains(IdeaService.PickTeam, IdeaTeam.Text(await team.SubmitAsync(team.Member, otherTeam)), StringComparison.Ordinal);
        Assert.Equal("message: " + IdeaService.OutOfDate, IdeaTeam.Text(await team.SubmitAsync(team.Member, noToken)));
        Assert.Equal("message: " + IdeaService.NoTeam, IdeaTeam.Text(await team.SubmitAsync(Guid.NewGuid().ToString(), IdeaTeam.Form("t1", team.T.TeamId))));
        Assert.Empty(ChannelCards("POST"));
    }

    [Fact]
    public async Task Submit_IncidentReferenceUnknownMalformedOrOtherTenants_RefusedWithWhatWasTypedKeptAndNothingPosted()
    {
        var team = await new IdeaTeam(App, Connector).SetUpAsync();
        var elsewhere = await new IdeaTeam(App, Connector).SetUpAsync();
        var ours = await team.LogIncidentAsync(team.Member);
        await elsewhere.LogIncidentAsync(elsewhere.Member);
        var theirs = await elsewhere.LogIncidentAsync(elsewhere.Member); // References count per tenant: their second has no twin here.
        var unknown = "INC-2026-999999";

        var refusedUnknown = await team.SubmitAsync(team.Member, IdeaTeam.Form(Guid.NewGuid().ToString("N"), team.T.TeamId, problem: "Bags split in the rain.", incidentRef: unknown));
        var refusedTheirs = await team.SubmitAsync(team.Member, IdeaTeam.Form(Guid.NewGuid().ToString("N"), team.T.TeamId, incidentRef: theirs));
        var refusedMalformed = await team.SubmitAsync(team.Member, IdeaTeam.Form(Guid.NewGuid().ToString("N"), team.T.TeamId, incidentRef: "INC 42!"));
        var bothWrong = await team.SubmitAsync(team.Member, IdeaTeam.Form(Guid.NewGuid().ToString("N"), team.T.TeamId, proposal: null, incidentRef: "INC-1"));
        var id = IdeaTeam.IdeaIdOf(await team.SubmitAsync(team.Member, IdeaTeam.Form(Guid.NewGuid().ToString("N"), team.T.TeamId)));
        var editRefused = await team.ActAsync(team.Member, IdeaNames.Save, id, new JsonObject { ["problem"] = "Changed problem.", ["proposal"] = "Changed proposal.", ["incidentRef"] = unknown });
        var edited = await team.ActAsync(team.Member, IdeaNames.Save, id, new JsonObject { ["problem"] = "Changed problem.", ["proposal"] = "Changed proposal.", ["incidentRef"] = ours });

        Assert.Equal(
            $"There is no incident {unknown} in your organisation: check the reference (it looks like INC-2026-000123) or leave it empty.",
            FindText(refusedUnknown["value"]!, $"There is no incident {unknown} in your organisation: check the reference (it looks like INC-2026-000123) or leave it empty."));
        Assert.Equal((unknown, "Bags split in the rain."), (InputValue(refusedUnknown, "incidentRef"), InputValue(refusedUnknown, "problem")));
        Assert.Contains($"There is no incident {theirs} in your organisation", IdeaTeam.Text(refusedTheirs), StringComparison.Ordinal);
        Assert.Equal(theirs, InputValue(refusedTheirs, "incidentRef"));
        Assert.Contains("An incident reference has letters, digits and dashes only, like INC-2026-000123.", IdeaTeam.Text(refusedMalformed), StringComparison.Ordinal);
        Assert.Equal("INC 42!", InputValue(refusedMalformed, "incidentRef"));
        Assert.Contains("Describe your proposal: it is required. There is no incident INC-1 in your organisation", IdeaTeam.Text(bothWrong), StringComparison.Ordinal);
        Assert.Contains("There is no incident", IdeaTeam.Text(editRefused), StringComparison.Ordinal);
        Assert.Equal(unknown, InputValue(editRefused, "incidentRef"));
        Assert.Contains("Your idea is updated.", IdeaTeam.Text(edited), StringComparison.Ordinal);
        Assert.Contains($"\"title\":\"Incident\",\"value\":\"{ours}\"", IdeaTeam.Text(edited), StringComparison.Ordinal);
        Assert.Single(ChannelCards("POST"));
    }

    [Fact]
    public async Task EditAndWithdraw_OnlyTheSubmitterBeforeReview_ChannelCardUpdatedInPlace()
    {
        var team = await new IdeaTeam(App, Connector).SetUpAsync();
        var id = IdeaTeam.IdeaIdOf(await team.SubmitAsync(team.Member, IdeaTeam.Form(Guid.NewGuid().ToString("N"), team.T.TeamId)));
        var changed = IdeaTeam.Form("", team.T.TeamId, proposal: "Text customers with a live map link.");

        var byColleague = IdeaTeam.Text(await team.ActAsync(team.Colleague, IdeaNames.Edit, id));
        var colleagueSave = IdeaTeam.Text(await team.ActAsync(team.Colleague, IdeaNames.Save, id, changed.DeepClone().AsObject()));
        var colleagueWithdraw = IdeaTeam.Text(await team.ActAsync(team.Colleague, IdeaNames.Withdraw, id));
        var editForm = IdeaTeam.Text(await team.ActAsync(team.Member, IdeaNames.Edit, id));
        var saved = IdeaTeam.Text(await team.ActAsync(team.Member, IdeaNames.Save, id, changed));
        var withdrawn = IdeaTeam.Text(await team.ActAsync(team.Member, IdeaNames.Withdraw, id));
        var editAfter = IdeaTeam.Text(await team.ActAsync(team.Member, IdeaNames.Edit, id));
        var voteAfter = IdeaTeam.Text(await team.ActAsync(team.Colleague, IdeaNames.Vote, id, inChannel: true));

        Assert.Equal("message: " + IdeaService.NotSubmitter, byColleague);
        Assert.Equal("message: " + IdeaService.NotSubmitter, colleagueSave);
        Assert.Equal("message: " + IdeaService.NotSubmitter, colleagueWithdraw);
        Assert.Contains("Edit your idea", editForm, StringComparison.Ordinal);
        Assert.Contains("Late slots cause calls.", editForm, StringComparison.Ordinal);
        Assert.Contains("live map link", saved, StringComparison.Ordinal);
        Assert.Contains("Withdrawn", withdrawn, StringComparison.Ordinal);
        Assert.DoesNotContain("\"ideas.vote\"", withdrawn, StringComparison.Ordinal);
        Assert.Equal("message: " + IdeaService.ReviewStarted, editAfter);
        Assert.Equal("message: " + IdeaService.Closed, voteAfter);
        Assert.Single(ChannelCards("POST"));
        var updates = ChannelCards("PUT");
        Assert.Equal(2, updates.Count);
        Assert.Contains("live map link", CardText(updates[0]), StringComparison.Ordinal);
        Assert.Contains("Withdrawn", CardText(updates[1]), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Submit_HostileText_ShownAsTypedNeverEvaluated()
    {
        var team = await new IdeaTeam(App, Connector).SetUpAsync();
        const string hostile = "Quote \" brace } ${notice} ${$root.ideaId} <at>All</at> \\ end";

        var card = await team.SubmitAsync(team.Member, IdeaTeam.Form(Guid.NewGuid().ToString("N"), team.T.TeamId, problem: hostile));

        Assert.Equal(hostile, FindText(card["value"]!, hostile));
        Assert.Equal(hostile, FindText(Single(ChannelCards("POST")).Json!["attachments"]![0]!["content"]!, hostile));
    }

    private static RecordedRequest Single(IReadOnlyList<RecordedRequest> requests) => Assert.Single(requests);

    /// <summary>The first TextBlock text equal to <paramref name="expected"/> (null when none is), searched through the card.</summary>
    private static string? FindText(JsonNode card, string expected) =>
        card.ToJsonString().Contains("\"text\"", StringComparison.Ordinal)
            ? Walk(card).FirstOrDefault(t => t == expected)
            : null;

    private static IEnumerable<string> Walk(JsonNode? node) => node switch
    {
        JsonObject o => o.SelectMany(p => p.Key == "text" && p.Value is JsonValue v && v.TryGetValue<string>(out var s) ? [s] : Walk(p.Value)),
        JsonArray a => a.SelectMany(Walk),
        _ => [],
    };

    /// <summary>The value of the card's input <paramref name="id"/> (the form drawn again keeps what was typed).</summary>
    private static string? InputValue(JsonNode answer, string id) =>
        (string?)answer["value"]!["body"]!.AsArray().Single(e => (string?)e!["id"] == id)!["value"];

    private List<RecordedRequest> ChannelCards(string method) =>
        [.. Connector.Requests.Where(r => r.Method == method && r.Body.Contains("Idea for", StringComparison.Ordinal))];

    private static string CardText(RecordedRequest request) =>
        request.Json!["attachments"]![0]!["content"]!.ToJsonString(new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
