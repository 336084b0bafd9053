using System.Net;
using System.Text.Json.Nodes;
using CxBot.Features.CustomerVoice;
using CxBot.Features.Incidents;
using CxBot.Features.Setup;
using CxBot.Protocol.References;
using CxBot.Protocol.Sending;
using CxBot.Testing;
using CxBot.Tests.Features.Incidents;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests.Features.CustomerVoice;

/// <summary>
/// The recovery loop through the survey POST and <c>/api/messages</c>: a low score with a comment and consent reaches each of
/// the team's managers as a card (queued on the send engine), and its buttons check roles on the server and are idempotent.
/// The team: Mona Manager and Cole Colleague as managers, Rita Reporter front line, Ada Admin the organisation's admin.
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class SurveyRecoveryTests(AzuriteFixture azurite) : LocalBotTests(azurite)
{
    private const string Comment = "I asked twice about my receipt and *nobody* listened. [click](https://evil.example) <b>bold</b>";
    private const string Contact = "07700 900123";

    [Fact]
    public async Task LowScoreWithCommentAndConsent_EachManagerGetsOneCard_AsAPersonReadsIt_AndAReplayQueuesNothingMore()
    {
        var (f, path) = await SetUpAsync();

        var form = await GetFormAsync(path);
        var fields = Fields(form, "1", Comment, consent: true);
        Assert.Equal(HttpStatusCode.OK, await PostAsync(path, fields));
        Assert.Equal(HttpStatusCode.Conflict, await PostAsync(path, fields)); // the same form again: stored once, queued once

        var monaCard = await CardToAsync(f, f.Manager);
        var coleCard = await CardToAsync(f, f.Colleague);
        var jobs = App.Services.GetRequiredService<ISendJobs>();
        var job = await jobs.GetAsync(f.T.Tenant, SurveyRecovery.JobId(AnswerId(monaCard)), default);
        Assert.Equal(2, job!.Total);
        Assert.True(await Poll.UntilAsync(async () => (await jobs.GetAsync(f.T.Tenant, job.JobId, default))!.Done, TimeSpan.FromSeconds(10)));
        Assert.Equal(2, Connector.Requests.Count(r => r.Method == "POST" && IncidentFlow.Decoded(r).Contains("A customer at Checkout scored", StringComparison.Ordinal)));
        var reporterChat = await ConversationOfAsync(f, f.Reporter);
        Assert.DoesNotContain(Connector.Requests, r => r.Method == "POST" && To(r, reporterChat)
            && IncidentFlow.Decoded(r).Contains("A customer at", StringComparison.Ordinal));

        foreach (var card in new[] { monaCard, coleCard })
        {
            var text = VisibleText.Of(card["attachments"]![0]!["content"]);
            var all = string.Join('\n', text);
            Assert.Contains("A customer needs a call back · Store 42 – Leeds", text);
            Assert.Contains("A customer at Checkout scored \u201cCustomer felt listened to\u201d 1/5:", text);
            Assert.Contains("\u201c" + Comment + "\u201d", text); // as typed, in a TextRun: Teams shows no markdown there
            Assert.Contains("They agreed to be contacted.", text);
            Assert.Contains(Contact, all, StringComparison.Ordinal);
            Assert.Contains("Log as incident", text);
            Assert.Contains("Mark followed up", text);
            Assert.Empty(VisibleText.Problems(card));
            Assert.Equal("A customer at Checkout scored \u201cCustomer felt listened to\u201d 1/5. They agreed to be contacted.", card["summary"]!.GetValue<string>());
            // The comment sits only in a TextRun (never a TextBlock, which would read its markdown).
            var runs = card["attachments"]![0]!["content"]!["body"]!.AsArray().Where(b => b!["type"]!.GetValue<string>() == "RichTextBlock").SelectMany(b => b!["inlines"]!.AsArray()).Select(i => i!["text"]!.GetValue<string>());
            Assert.Contains("\u201c" + Comment + "\u201d", runs);
        }
    }

    [Fact]
    public async Task WithoutConsent_OrAScoreOfThree_OrNoComment_NoCard()
    {
        var (f, path) = await SetUpAsync();

        Assert.Equal(HttpStatusCode.OK, await PostAsync(path, Fields(await GetFormAsync(path), "1", "No consent given here", consent: false)));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(path, Fields(await GetFormAsync(path), "3", "Only a three", consent: true)));
        Assert.Equal(HttpStatusCode.OK, await PostAsync(path, Fields(await GetFormAsync(path), "2", null, consent: true)));
        // A qualifying answer last: once its card is sent, the three before it would have been queued and sent first.
        Assert.Equal(HttpStatusCode.OK, await PostAsync(path, Fields(await GetFormAsync(path), "2", "The one to call back", consent: true)));

        await CardToAsync(f, f.Manager);
        await CardToAsync(f, f.Colleague);
        var cards = Connector.Requests.Where(r => r.Method == "POST" && IncidentFlow.Decoded(r).Contains("A customer at", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, cards.Count);
        Assert.All(cards, c => Assert.Contains("The one to call back", IncidentFlow.Decoded(c), StringComparison.Ordinal));
    }

    [Fact]
    public async Task MarkFollowedUp_RecordsWhoAndWhen_ShownToEveryManager_OncePressedTwice_AndRefusedToFrontLineStaff()
    {
        var (f, path) = await SetUpAsync();
        Assert.Equal(HttpStatusCode.OK, await PostAsync(path, Fields(await GetFormAsync(path), "1", Comment, consent: true)));
        var data = ActionData(await CardToAsync(f, f.Manager));

        var refused = await f.InvokeMessageAsync(f.T.Execute(f.Reporter, CustomerVoiceNames.RecoveryFollowUp, data.DeepClone().AsObject()));
        Assert.Equal(RecoveryRoutes.NotYours, refused);
        var refusedRefresh = await f.InvokeMessageAsync(f.T.Execute(f.Reporter, CustomerVoiceNames.RecoveryRefresh, data.DeepClone().AsObject()));
        Assert.Equal(RecoveryRoutes.NotYours, refusedRefresh); // never the contact
        var store = App.Services.GetRequiredService<SurveyAnswerStore>();
        var week = DateOnly.Parse(data["week"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Null((await store.FindAsync(f.T.Tenant, f.T.TeamId, week, data["answerId"]!.GetValue<string>(), default))!.FollowedUpBy);

        var marked = await f.InvokeCardAsync(f.T.Execute(f.Manager, CustomerVoiceNames.RecoveryFollowUp, data.DeepClone().AsObject()));
        var again = await f.InvokeCardAsync(f.T.Execute(f.Manager, CustomerVoiceNames.RecoveryFollowUp, data.DeepClone().AsObject()));
        var cole = await f.InvokeCardAsync(f.T.Execute(f.Colleague, CustomerVoiceNames.RecoveryRefresh, data.DeepClone().AsObject()));

        var stored = (await store.FindAsync(f.T.Tenant, f.T.TeamId, week, data["answerId"]!.GetValue<string>(), default))!;
        Assert.Equal(f.Manager, stored.FollowedUpBy);
        var when = TimeZoneInfo.ConvertTime(stored.FollowedUpAt!.Value, TimeZoneInfo.FindSystemTimeZoneById("Europe/London")).ToString("ddd d MMM HH:mm", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var card in new[] { marked, cole })
        {
            var text = VisibleText.Of(JsonNode.Parse(card));
            Assert.Contains($"Followed up by Mona Manager, {when}", text);
            Assert.DoesNotContain("Mark followed up", text);
            Assert.Empty(VisibleText.Problems(JsonNode.Parse(card)));
        }

        Assert.Equal(marked, again); // pressed again (or redelivered): the first stays, nothing changes
    }

    [Fact]
    public async Task LogAsIncident_OpensTheIncidentFormFilledInFromTheAnswer_AndTheAnswerGetsOneIncident()
    {
        var (f, path) = await SetUpAsync();
        Assert.Equal(HttpStatusCode.OK, await PostAsync(path, Fields(await GetFormAsync(path), "2", Comment, consent: true)));
        var data = ActionData(await CardToAsync(f, f.Manager));

        Assert.Equal(RecoveryRoutes.NotYours, await f.InvokeMessageAsync(f.T.Execute(f.Reporter, CustomerVoiceNames.RecoveryIncident, data.DeepClone().AsObject())));
        var answer = await f.InvokeCardAsync(f.T.Execute(f.Manager, CustomerVoiceNames.RecoveryIncident, data.DeepClone().AsObject()));
        Assert.Contains(RecoveryRoutes.FormBelow, VisibleText.Of(JsonNode.Parse(answer)));
        var form = await f.WaitForAsync("POST", "\"incidents.log.submit\"");
        var card = form.Json!["attachments"]![0]!["content"]!;
        var inputs = card.ToJsonString();
        Assert.Contains("Customer survey: " + Comment, Inputs(card)["what"], StringComparison.Ordinal);
        Assert.Equal(f.T.TeamId, Inputs(card)["teamId"]);
        Assert.Equal("checkout", Inputs(card)["touchpointId"]);
        Assert.Equal("listened", Inputs(card)["standardId"]);
        Assert.Contains(IncidentFormCards.Token("survey-answer|" + f.T.Tenant + "|" + data["answerId"]!.GetValue<string>()), inputs, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AfterTheRetentionPeriod_TheContactIsGoneFromTheAnswer_AndTheCardSaysSo()
    {
        var (f, path) = await SetUpAsync();
        Assert.Equal(HttpStatusCode.OK, await PostAsync(path, Fields(await GetFormAsync(path), "1", Comment, consent: true)));
        var data = ActionData(await CardToAsync(f, f.Manager));
        var store = App.Services.GetRequiredService<SurveyAnswerStore>();

        Assert.True(await store.ForgetExpiredContactsAsync(DateTimeOffset.UtcNow.AddDays(91), default) >= 1);

        var week = DateOnly.Parse(data["week"]!.GetValue<string>(), System.Globalization.CultureInfo.InvariantCulture);
        Assert.Null((await store.FindAsync(f.T.Tenant, f.T.TeamId, week, data["answerId"]!.GetValue<string>(), default))!.Contact);
        var card = await f.InvokeCardAsync(f.T.Execute(f.Manager, CustomerVoiceNames.RecoveryFollowUp, data.DeepClone().AsObject()));
        var text = string.Join('\n', VisibleText.Of(JsonNode.Parse(card)));
        Assert.Contains("deleted after 90 days", text, StringComparison.Ordinal);
        Assert.DoesNotContain(Contact, text, StringComparison.Ordinal);
        Assert.Contains("Followed up by Mona Manager", text, StringComparison.Ordinal);
    }

    /// <summary>The incident flow's tenant with a Checkout touchpoint and its soft standard, Cole made a second manager, and a live survey link.</summary>
    private async Task<(IncidentFlow Flow, string Path)> SetUpAsync()
    {
        var f = await new IncidentFlow(App, Connector).Named().SetUpAsync();
        var setupStore = App.Services.GetRequiredService<SetupStore>();
        var current = await App.Services.GetRequiredService<SetupService>().GetAsync(f.T.Tenant, default);
        var team = current.Teams.Single(t => t.Id == f.T.TeamId);
        var from = new DateOnly(2020, 1, 1);
        var listened = new Standard("listened", "checkout", StandardKind.Soft, "Customer felt listened to", null, null, null, false, "Did we listen?", [new TargetVersion(from, 4)], null) { StaffQuestion = "How well did we listen today?" };
        var updated = current with
        {
            Journey = [.. current.Journey, new Touchpoint("checkout", 99, "Checkout", "At the till", "Stores")],
            Standards = [.. current.Standards, listened],
            Teams = [.. current.Teams.Select(t => t.Id != team.Id ? t : t with
            {
                TimeZone = "Europe/London",
                Standards = t.Standards.Count == 0 ? t.Standards : [.. t.Standards, listened.Id],
                Members = [.. t.Members.Select(m => m.UserId == f.Colleague ? m with { Role = TeamRole.Manager } : m)],
            })],
        };
        await TestTenant.WriteSetupAsync(setupStore, f.T.Tenant, updated, f.Admin, DateTimeOffset.UtcNow);
        var link = await App.Services.GetRequiredService<ISurveyLinks>().IssueAsync(f.T.Tenant, team.Id, "checkout", f.Manager, default);
        var path = new Uri(link.Url).AbsolutePath;
        // The survey reads a setup at most two seconds old: wait until it asks the new question.
        Assert.True(await Poll.UntilAsync(async () => (await GetFormAsync(path, check: false)).Contains("Did we listen?", StringComparison.Ordinal), TimeSpan.FromSeconds(10)));
        return (f, path);
    }

    private async Task<string> GetFormAsync(string path, bool check = true)
    {
        using var client = App.CreateClient();
        using var response = await client.GetAsync(path);
        if (check)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        return await response.Content.ReadAsStringAsync();
    }

    private async Task<HttpStatusCode> PostAsync(string path, List<KeyValuePair<string, string>> fields)
    {
        using var client = App.CreateClient();
        using var content = new FormUrlEncodedContent(fields);
        using var response = await client.PostAsync(path, content);
        return response.StatusCode;
    }

    private static List<KeyValuePair<string, string>> Fields(string formHtml, string score, string? comment, bool consent)
    {
        var nonce = System.Text.RegularExpressions.Regex.Match(formHtml, "name=\"n\" value=\"([^\"]+)\"").Groups[1].Value;
        List<KeyValuePair<string, string>> fields = [new("n", nonce), new("q_listened", score)];
        if (comment is not null)
        {
            fields.Add(new("comment", comment));
        }

        if (consent)
        {
            fields.Add(new("consent", "yes"));
            fields.Add(new("contact", Contact));
        }

        return fields;
    }

    private async Task<string> ConversationOfAsync(IncidentFlow f, string person) =>
        (await App.Services.GetRequiredService<ConversationReferenceStore>().GetAsync(ProactiveTarget.User(f.T.Tenant, person), default))!.ConversationId;

    /// <summary>The recovery card posted into <paramref name="person"/>'s personal chat (the whole activity).</summary>
    private async Task<JsonNode> CardToAsync(IncidentFlow f, string person)
    {
        var conversation = await ConversationOfAsync(f, person);
        for (var i = 0; i < 200; i++)
        {
            if (Connector.Requests.FirstOrDefault(r => r.Method == "POST" && To(r, conversation)
                && IncidentFlow.Decoded(r).Contains("A customer at Checkout", StringComparison.Ordinal)) is { } found)
            {
                return found.Json!;
            }

            await Connector.WaitForRequestsAsync(Connector.Requests.Count + 1, TimeSpan.FromSeconds(10));
        }

        throw new Xunit.Sdk.XunitException("no recovery card reached the person");
    }

    private static bool To(RecordedRequest r, string conversation) =>
        r.PathAndQuery.Contains(conversation, StringComparison.Ordinal) || r.PathAndQuery.Contains(Uri.EscapeDataString(conversation), StringComparison.Ordinal);

    private static string AnswerId(JsonNode card) => ActionData(card)["answerId"]!.GetValue<string>();

    /// <summary>The Mark followed up button's data, as Teams sends it back.</summary>
    private static JsonObject ActionData(JsonNode card) =>
        card["attachments"]![0]!["content"]!["actions"]!.AsArray().Single(a => a!["verb"]?.GetValue<string>() == CustomerVoiceNames.RecoveryFollowUp)!["data"]!.AsObject();

    /// <summary>Every input of a card by id, with its value.</summary>
    private static Dictionary<string, string> Inputs(JsonNode card)
    {
        var found = new Dictionary<string, string>();
        void Walk(JsonNode? node)
        {
            if (node is JsonObject o)
            {
                if (o["type"]?.GetValue<string>() is { } type && type.StartsWith("Input.", StringComparison.Ordinal) && o["id"]?.GetValue<string>() is { } id)
                {
                    found[id] = o["value"]?.ToString() ?? "";
                }

                foreach (var (_, child) in o)
                {
                    Walk(child);
                }
            }
            else if (node is JsonArray a)
            {
                foreach (var child in a)
                {
                    Walk(child);
                }
            }
        }

        Walk(card);
        return found;
    }
}
