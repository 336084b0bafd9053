using System.Net;
using System.Text.Json.Nodes;
using CxBot.Features.People;
using CxBot.Features.Recognition;
using CxBot.Testing;
using CxBot.Tests.Features.Setup;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests.Features.Recognition;

/// <summary>Shout-outs through the real <c>/api/messages</c> endpoint in local mode (Graph off), read from the fake connector.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class RecognitionEndToEndTests(AzuriteFixture azurite) : LocalBotTests(azurite)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task Give_TwoColleaguesOneWithoutChat_PostedWithMentionsSentManagerCopiedAndGiverToldWhoWasMissed()
    {
        var w = await WorldAsync();
        var token = TokenOf(await ReplyCardAsync(w.T.PersonalText(w.Giver, "kudos")));
        // Tom never opened CxBot; the bot could open a chat with him through the team, but Teams refuses it here.
        Connector.RefuseChatsWith(TomsTeamsId);

        var answer = await InvokeMessageAsync(w.T.Execute(w.Giver, RecognitionNames.Give, Give(token, $"{w.Priya},{w.Tom}", "Rerouted three vans in the snow.")));

        Assert.Equal(RecognitionRoutes.OnItsWay, answer);
        var summary = await WaitForAsync(r => r.Json?["text"]?.GetValue<string>() is { } t && t.StartsWith("Your shout-out", StringComparison.Ordinal));
        var channel = Card(Assert.Single(Connector.Requests, r => To(r, w.T.TeamId) && r.Method == "POST" && IsCard(r, "Shout-out!")));
        var entities = channel["msteams"]!["entities"]!.AsArray();
        Assert.Equal([("<at>Priya Shah</at>", w.Priya, "Priya Shah"), ("<at>Tom Ellis</at>", w.Tom, "Tom Ellis")], entities.Select(e => ((string)e!["text"]!, (string)e["mentioned"]!["id"]!, (string)e["mentioned"]!["name"]!)));
        Assert.Contains("recognises <at>Priya Shah</at>, <at>Tom Ellis</at>", channel.ToJsonString(Relaxed), StringComparison.Ordinal);
        Assert.Contains("Delivery slot kept", channel.ToJsonString(Relaxed), StringComparison.Ordinal);
        Assert.Single(Connector.Requests, r => To(r, w.PriyaChat) && IsCard(r, "You've been recognised!"));
        var managerCopies = Connector.Requests.Where(r => To(r, w.ManagerChat) && IsCard(r, "Add my thanks")).Select(r => Card(r).ToJsonString(Relaxed)).ToList();
        Assert.Equal(2, managerCopies.Count);
        Assert.Contains(managerCopies, c => c.Contains("Priya Shah was recognised", StringComparison.Ordinal));
        Assert.Contains("Tom Ellis: Teams refused to open a chat with them", summary.Json!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.DoesNotContain("Priya Shah:", summary.Json!["text"]!.GetValue<string>(), StringComparison.Ordinal);

        // What each person reads, by name, with a notification line on every card (phones show "Sent a card" otherwise).
        var post = Assert.Single(Connector.Requests, r => To(r, w.T.TeamId) && IsCard(r, "Shout-out!")).Json!;
        Assert.Equal("Gina Giver recognised Priya Shah and Tom Ellis: ⭐ Delivery slot kept", (string?)post["summary"]);
        WhatPeopleSee.AssertReadable(WhatPeopleSee.InActivity(post), "Gina Giver recognises <at>Priya Shah</at>, <at>Tom Ellis</at>");
        var priyas = Assert.Single(Connector.Requests, r => To(r, w.PriyaChat) && IsCard(r, "You've been recognised!")).Json!;
        Assert.Equal("Gina Giver recognised you: ⭐ Delivery slot kept", (string?)priyas["summary"]);
        WhatPeopleSee.AssertReadable(WhatPeopleSee.InActivity(priyas), "Gina Giver recognises <at>Priya Shah</at>");
        var mayas = Connector.Requests.Where(r => To(r, w.ManagerChat) && IsCard(r, "Add my thanks")).Select(r => r.Json!).ToList();
        Assert.Contains(mayas, m => (string?)m["summary"] == "Gina Giver recognised Priya Shah, who you manage: ⭐ Delivery slot kept");
        Assert.All(mayas, m => WhatPeopleSee.AssertReadable(WhatPeopleSee.InActivity(m), "Gina Giver", "You manage"));
        WhatPeopleSee.AssertReadable(WhatPeopleSee.InActivity(summary.Json!), "Your shout-out for Priya Shah and Tom Ellis is saved", "Tom Ellis: ");
    }

    [Fact]
    public async Task Give_SelfUnknownOrCraftedChoices_RefusedAndNothingPosted()
    {
        var w = await WorldAsync();
        var token = TokenOf(await ReplyCardAsync(w.T.PersonalText(w.Priya, "recognise")));
        var before = Connector.Requests.Count;

        var self = await InvokeMessageAsync(w.T.Execute(w.Priya, RecognitionNames.Give, Give(token, w.Priya, "Me again")));
        var stranger = await InvokeMessageAsync(w.T.Execute(w.Priya, RecognitionNames.Give, Give(token, Guid.NewGuid().ToString(), "Who?")));
        var badValue = await InvokeMessageAsync(w.T.Execute(w.Priya, RecognitionNames.Give, Give(token, w.Tom, "Hi", behaviour: "v:made-up")));
        var empty = await InvokeMessageAsync(w.T.Execute(w.Priya, RecognitionNames.Give, Give(token, w.Tom, "   ")));
        var tooLong = await InvokeMessageAsync(w.T.Execute(w.Priya, RecognitionNames.Give, Give(token, w.Tom, new string('x', 501))));

        Assert.Equal(GiveRules.SelfRefused, self);
        Assert.Equal(GiveRules.UnknownRecipient, stranger);
        Assert.Equal(GiveRules.UnknownBehaviour, badValue);
        Assert.Equal(GiveRules.NoMessage, empty);
        Assert.Equal("Keep the message to 500 characters.", tooLong);
        Assert.Equal(before, Connector.Requests.Count);
    }

    [Fact]
    public async Task Give_Redelivered_StoredAndDeliveredOnce_PlusOnesCountedOncePerPerson_ManagerThanksOnce()
    {
        var w = await WorldAsync();
        var token = TokenOf(await ReplyCardAsync(w.T.PersonalText(w.Giver, "recognise")));
        var give = w.T.Execute(w.Giver, RecognitionNames.Give, Give(token, w.Priya, "Great save."));
        await InvokeMessageAsync(give);
        await WaitForAsync(r => r.Json?["text"]?.GetValue<string>() is { } t && t.StartsWith("Your shout-out", StringComparison.Ordinal));

        Assert.Equal(RecognitionRoutes.Duplicate, await InvokeMessageAsync(give));
        var reference = new JsonObject { ["month"] = DateTime.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), ["id"] = token };
        await InvokeCardAsync(w.T.Execute(w.Tom, RecognitionNames.PlusOne, reference.DeepClone().AsObject(), inChannel: true));
        await InvokeCardAsync(w.T.Execute(w.Tom, RecognitionNames.PlusOne, reference.DeepClone().AsObject(), inChannel: true));
        var twice = await InvokeCardAsync(w.T.Execute(w.Manager, RecognitionNames.PlusOne, reference.DeepClone().AsObject(), inChannel: true));
        var thanksData = new JsonObject { ["month"] = reference["month"]!.GetValue<string>(), ["id"] = token, ["recipientId"] = w.Priya };
        var notManager = await InvokeMessageAsync(w.T.Execute(w.Tom, RecognitionNames.AddThanks, thanksData.DeepClone().AsObject()));
        var thanked = await InvokeCardAsync(w.T.Execute(w.Manager, RecognitionNames.AddThanks, thanksData.DeepClone().AsObject()));
        var again = await InvokeCardAsync(w.T.Execute(w.Manager, RecognitionNames.AddThanks, thanksData.DeepClone().AsObject()));

        Assert.Single(Connector.Requests, r => To(r, w.T.TeamId) && IsCard(r, "Shout-out!"));
        Assert.Contains("\"title\":\"+1s\",\"value\":\"2 so far\"", twice, StringComparison.Ordinal);
        Assert.Equal(ThanksHandler.NotTheirManager, notManager);
        Assert.Contains("Your thanks were sent to Priya Shah.", thanked, StringComparison.Ordinal);
        Assert.DoesNotContain("Add my thanks", thanked, StringComparison.Ordinal);
        Assert.Contains("You already thanked Priya Shah.", again, StringComparison.Ordinal);
        var told = Assert.Single(Connector.Requests, r => To(r, w.PriyaChat) && r.Json?["text"]?.GetValue<string>() is { } t && t.Contains("adds their thanks", StringComparison.Ordinal));
        WhatPeopleSee.AssertReadable(WhatPeopleSee.InActivity(told.Json!), "Maya Manager adds their thanks for your shout-out from Gina Giver");
        WhatPeopleSee.AssertReadable(WhatPeopleSee.InCard(JsonNode.Parse(twice)), "Gina Giver recognises <at>Priya Shah</at>", "2 so far");
        WhatPeopleSee.AssertReadable(WhatPeopleSee.InCard(JsonNode.Parse(thanked)), "Priya Shah was recognised", "Gina Giver");
    }

    [Fact]
    public async Task Leaderboard_AfterAShoutOut_TeamAndOrganisationBoardsShowPointsAndPeriodButtonsWork()
    {
        var w = await WorldAsync();
        var token = TokenOf(await ReplyCardAsync(w.T.PersonalText(w.Giver, "recognise")));
        await InvokeMessageAsync(w.T.Execute(w.Giver, RecognitionNames.Give, Give(token, w.Priya, "Great save.")));
        await WaitForAsync(r => r.Json?["text"]?.GetValue<string>() is { } t && t.StartsWith("Your shout-out", StringComparison.Ordinal));

        var week = await ReplyCardAsync(w.T.PersonalText(w.Priya, "leaderboard"));
        var quarter = await InvokeCardAsync(w.T.Execute(w.Priya, RecognitionNames.Leaderboard, new JsonObject { ["period"] = "quarter" }));

        Assert.Contains("Leaderboard: this week", week, StringComparison.Ordinal);
        Assert.Contains("Priya Shah: 10 points", week, StringComparison.Ordinal);
        Assert.Contains("Store 42 – Leeds", week, StringComparison.Ordinal);
        Assert.Contains("Leaderboard: this quarter", quarter, StringComparison.Ordinal);
        Assert.Contains("Gina Giver: 2 points", quarter, StringComparison.Ordinal);
        WhatPeopleSee.AssertReadable(WhatPeopleSee.InCard(JsonNode.Parse(week)), "Priya Shah: 10 points", "Gina Giver: 2 points");
    }

    [Fact]
    public async Task PlusOne_ByActionSubmitFallback_CardUpdatedInPlaceWithPut()
    {
        var w = await WorldAsync();
        var token = TokenOf(await ReplyCardAsync(w.T.PersonalText(w.Giver, "recognise")));
        await InvokeMessageAsync(w.T.Execute(w.Giver, RecognitionNames.Give, Give(token, w.Priya, "Great save.")));
        await WaitForAsync(r => r.Json?["text"]?.GetValue<string>() is { } t && t.StartsWith("Your shout-out", StringComparison.Ordinal));
        var submit = CxBot.Tests.Protocol.TeamsFixtures.Load("message-action-submit", Connector.ServiceUrl, "19:channel@thread.tacv2;messageid=1732180000111");
        submit["from"]!["aadObjectId"] = w.Tom;
        submit["conversation"]!["tenantId"] = w.T.Tenant;
        submit["channelData"]!["tenant"]!["id"] = w.T.Tenant;
        submit["value"] = new JsonObject { ["verb"] = RecognitionNames.PlusOne, ["month"] = DateTime.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture), ["id"] = token };

        await PostAsync(submit);

        var put = Assert.Single(Connector.Requests, r => r.Method == "PUT");
        Assert.EndsWith("/activities/1732180000111", Uri.UnescapeDataString(put.PathAndQuery), StringComparison.Ordinal);
        Assert.Contains("1 so far", Card(put).ToJsonString(Relaxed), StringComparison.Ordinal);
    }

    [Fact]
    public async Task IdeaImplementedAsync_CalledTwice_OneShoutOutFromTheDeciderToTheAuthorAndTheDeciderTold()
    {
        var w = await WorldAsync();
        var hook = App.Services.GetRequiredService<CxBot.Features.Ideas.IIdeaRecognition>();
        var implemented = new CxBot.Features.Ideas.IdeaImplemented(w.T.Tenant, w.T.TeamId, "idea-1", w.Priya, "Priya Shah", w.Manager, "Maya Manager", "Label the vans by route");

        await hook.IdeaImplementedAsync(implemented, default);
        await hook.IdeaImplementedAsync(implemented, default);

        var channel = Card(Assert.Single(Connector.Requests, r => To(r, w.T.TeamId) && IsCard(r, "Shout-out!"))).ToJsonString(Relaxed);
        Assert.Contains("Maya Manager recognises <at>Priya Shah</at>", channel, StringComparison.Ordinal);
        Assert.Contains("Your idea was implemented: Label the vans by route", channel, StringComparison.Ordinal);
        Assert.Single(Connector.Requests, r => To(r, w.PriyaChat) && IsCard(r, "You've been recognised!"));
        var report = Assert.Single(Connector.Requests, r => To(r, w.ManagerChat) && r.Json?["text"]?.GetValue<string>() is { } t && t.StartsWith("Your shout-out for Priya Shah", StringComparison.Ordinal));
        WhatPeopleSee.AssertReadable(WhatPeopleSee.InActivity(report.Json!), "Priya Shah");
    }

    [Fact]
    public async Task AddValue_AdminDefinesBadge_OfferedOnTheFormAndFrontLineRefused()
    {
        var w = await WorldAsync();

        var refused = await InvokeMessageAsync(w.T.Execute(w.Tom, RecognitionNames.AddValue, new JsonObject { ["valueName"] = "Own the problem", ["emoji"] = "💚" }));
        var saved = await InvokeCardAsync(w.T.Execute(w.Giver, RecognitionNames.AddValue, new JsonObject { ["valueName"] = "Own the problem", ["emoji"] = "💚" }));
        var form = await ReplyCardAsync(w.T.PersonalText(w.Tom, "recognise"));

        Assert.Equal(RecognitionService.NotAdmin, refused);
        Assert.Contains("Saved", saved, StringComparison.Ordinal);
        Assert.Contains("Own the problem", saved, StringComparison.Ordinal);
        Assert.Contains("\"value\":\"v:own-the-problem\"", form, StringComparison.Ordinal);
        Assert.DoesNotContain(w.Tom, form, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AddValue_ControlCharactersOrNotOneEmoji_RefusedWithTheReasonAndNoJunkStored()
    {
        var w = await WorldAsync();
        JsonObject Value(string name, string emoji) => new() { ["valueName"] = name, ["emoji"] = emoji };

        var nulEmoji = Shown(await InvokeCardAsync(w.T.Execute(w.Giver, RecognitionNames.AddValue, Value("Own the problem", "\u0000"))));
        var letters = Shown(await InvokeCardAsync(w.T.Execute(w.Giver, RecognitionNames.AddValue, Value("Own the problem", "OK"))));
        var two = Shown(await InvokeCardAsync(w.T.Execute(w.Giver, RecognitionNames.AddValue, Value("Own the problem", "💚💚"))));
        var emojiAndNul = Shown(await InvokeCardAsync(w.T.Execute(w.Giver, RecognitionNames.AddValue, Value("Own the problem", "💚\u0000x"))));
        var nulName = Shown(await InvokeCardAsync(w.T.Execute(w.Giver, RecognitionNames.AddValue, Value("Own\u0000 the\u0007 problem", "👍🏽"))));

        Assert.Contains("Give the value a name (up to 40 characters) and an emoji.", nulEmoji, StringComparison.Ordinal);
        Assert.Contains(RecognitionService.NotAnEmoji, letters, StringComparison.Ordinal);
        Assert.Contains(RecognitionService.NotAnEmoji, two, StringComparison.Ordinal);
        Assert.Contains(RecognitionService.NotAnEmoji, emojiAndNul, StringComparison.Ordinal);
        Assert.Contains("Saved 👍🏽 Own the problem.", nulName, StringComparison.Ordinal);
        var stored = await App.Services.GetRequiredService<ValueStore>().ListAsync(w.T.Tenant, default);
        Assert.Equal([new CompanyValue("own-the-problem", "Own the problem", "👍🏽")], stored);
    }

    [Fact]
    public async Task Form_GiverInATeam_ListsTeamAndRosterMembersByNameAndOffersTheOrganisationsPeoplePicker()
    {
        var w = await WorldAsync();

        var form = JsonNode.Parse(await ReplyCardAsync(w.T.PersonalText(w.Priya, "recognise")))!;

        var who = form["body"]!.AsArray().Single(e => (string?)e!["id"] == "recipients")!;
        Assert.Equal(["Maya Manager", "Rosa Roster", "Tom Ellis"], who["choices"]!.AsArray().Select(c => (string)c!["title"]!));
        Assert.Equal([w.Manager, w.Rosa, w.Tom], who["choices"]!.AsArray().Select(c => (string)c!["value"]!));
        Assert.Equal("filtered", (string?)who["style"]);
        Assert.Equal(("Data.Query", "graph.microsoft.com/users"), ((string?)who["choices.data"]!["type"], (string?)who["choices.data"]!["dataset"]));
        WhatPeopleSee.AssertReadable(WhatPeopleSee.InCard(form), "Maya Manager", "Rosa Roster", "Tom Ellis");
    }

    [Fact]
    public async Task Give_ToARosterMemberSetupDoesNotList_PostedToTheTeamWithHerName()
    {
        var w = await WorldAsync();
        var token = TokenOf(await ReplyCardAsync(w.T.PersonalText(w.Priya, "recognise")));

        var answer = await InvokeMessageAsync(w.T.Execute(w.Priya, RecognitionNames.Give, Give(token, w.Rosa.ToUpperInvariant(), "Found the missing crate.")));

        Assert.Equal(RecognitionRoutes.OnItsWay, answer);
        var summary = await WaitForAsync(r => r.Json?["text"]?.GetValue<string>() is { } t && t.StartsWith("Your shout-out", StringComparison.Ordinal));
        var post = Assert.Single(Connector.Requests, r => To(r, w.T.TeamId) && IsCard(r, "Shout-out!")).Json!;
        Assert.Equal(w.Rosa, (string?)post["attachments"]![0]!["content"]!["msteams"]!["entities"]![0]!["mentioned"]!["id"]);
        WhatPeopleSee.AssertReadable(WhatPeopleSee.InActivity(post), "Priya Shah recognises <at>Rosa Roster</at>", "Priya Shah recognised Rosa Roster");
        WhatPeopleSee.AssertReadable(WhatPeopleSee.InActivity(summary.Json!), "Your shout-out for Rosa Roster");
    }

    [Fact]
    public async Task Give_PickedIdIsNobodyOfTheTenant_RefusedWithTheMessageAndNothingStoredOrSent()
    {
        var w = await WorldAsync();
        var elsewhere = new SetupActivities(Connector.ServiceUrl, Guid.NewGuid().ToString());
        var olga = Guid.NewGuid().ToString();
        _names[olga] = "Olga Other";
        await InstallAsync(elsewhere, olga);   // a person CxBot knows by name, in another tenant
        var token = TokenOf(await ReplyCardAsync(w.T.PersonalText(w.Giver, "recognise")));
        var before = Connector.Requests.Count;

        var otherTenant = await InvokeMessageAsync(w.T.Execute(w.Giver, RecognitionNames.Give, Give(token, $"{w.Priya},{olga}", "Thanks!")));
        var typo = await InvokeMessageAsync(w.T.Execute(w.Giver, RecognitionNames.Give, Give(token, w.Priya[..^1] + (w.Priya[^1] == '0' ? "1" : "0"), "Thanks!")));

        Assert.Equal(GiveRules.UnknownRecipient, otherTenant);
        Assert.Equal(GiveRules.UnknownRecipient, typo);
        WhatPeopleSee.AssertReadable([otherTenant], "nothing was sent");
        var month = DateTime.UtcNow.ToString("yyyy-MM", System.Globalization.CultureInfo.InvariantCulture);
        Assert.Null(await App.Services.GetRequiredService<ShoutOutStore>().GetAsync(w.T.Tenant, new ShoutOutRef(month, token), default));
        Assert.Equal(before, Connector.Requests.Count);
    }

    [Fact]
    public async Task Give_InTheTeamsChannel_ReportMentionsTheGiverWithAMentionEntity()
    {
        var w = await WorldAsync();
        var token = Guid.NewGuid().ToString("N");

        var answer = await InvokeMessageAsync(w.T.Execute(w.Giver, RecognitionNames.Give, Give(token, w.Priya, "Great save."), inChannel: true));

        Assert.Equal(RecognitionRoutes.OnItsWay, answer);
        var report = await WaitForAsync(r => r.Json?["text"]?.GetValue<string>() is { } t && t.Contains("your shout-out", StringComparison.Ordinal));
        Assert.StartsWith("<at>Gina Giver</at>, your shout-out for Priya Shah", report.Json!["text"]!.GetValue<string>(), StringComparison.Ordinal);
        var mention = Assert.Single(report.Json!["entities"]!.AsArray())!;
        Assert.Equal(("mention", "<at>Gina Giver</at>", "Gina Giver"), ((string?)mention["type"], (string?)mention["text"], (string?)mention["mentioned"]!["name"]));
        Assert.StartsWith("29:", (string?)mention["mentioned"]!["id"], StringComparison.Ordinal);
        WhatPeopleSee.AssertReadable(WhatPeopleSee.InActivity(report.Json!), "Priya Shah");
    }

    [Fact]
    public async Task Leaderboard_RowsStoredWithPlaceholderNames_ShowEveryoneByTheirCurrentName()
    {
        var w = await WorldAsync();
        var legacy = new ShoutOut(Guid.NewGuid().ToString("N"), w.T.Tenant, w.Giver, "A colleague", [new Recipient(w.Priya, "A colleague"), new Recipient(w.Tom, "A colleague")],
            new Behaviour("s:slot-kept", "Delivery slot kept", "⭐"), "Well done.", DateTimeOffset.UtcNow, 0);
        await App.Services.GetRequiredService<ShoutOutStore>().TryAddAsync(legacy, default);

        var board = await ReplyCardAsync(w.T.PersonalText(w.Tom, "leaderboard"));

        WhatPeopleSee.AssertReadable(WhatPeopleSee.InCard(JsonNode.Parse(board)), "Priya Shah: 10 points", "Tom Ellis: 10 points", "Gina Giver: 4 points");
    }

    private static readonly System.Text.Json.JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private sealed record World(SetupActivities T, string Giver, string Manager, string ManagerChat, string Priya, string PriyaChat, string Tom, string Rosa);

    /// <summary>The name each person's activities carry (Teams sends it in <c>from.name</c>; the fixtures all say one name).</summary>
    private readonly Dictionary<string, string> _names = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// A tenant whose admin (Gina, the giver) picked the delivery journey, a team installed by its manager Maya with Priya
    /// and Tom as members, and Rosa in its Teams roster only (setup does not list her); Gina, Maya and Priya have personal
    /// chats with CxBot, Tom and Rosa have not.
    /// </summary>
    /// <summary>The Teams user id member events carry for Tom (the fixture's).</summary>
    private const string TomsTeamsId = "29:1Nw5qE8rT1yU4iO7pA0sD3fG6hJ9kL2zX5cV8bN1mQ4w";

    private async Task<World> WorldAsync()
    {
        var t = new SetupActivities(Connector.ServiceUrl, Guid.NewGuid().ToString());
        var (giver, manager, priya, tom, rosa) = (Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString(), Guid.NewGuid().ToString());
        (_names[giver], _names[manager], _names[priya], _names[tom]) = ("Gina Giver", "Maya Manager", "Priya Shah", "Tom Ellis");
        Connector.SetRoster(t.TeamId, [FakeConnector.Member("29:rosa", rosa, "Rosa Roster")], pageSize: 50);
        var tenant = new TestTenant(t, PostAsync, InvokeCardAsync);
        await tenant.InstallAsync(giver);
        await tenant.PickJourneyAsync(giver);
        await tenant.TeamAsync(manager, [priya, tom], names: _names);
        var managerChat = await InstallAsync(t, manager);
        var priyaChat = await InstallAsync(t, priya);
        // The roster is read after the install's answer: wait until CxBot knows Rosa by name.
        var people = App.Services.GetRequiredService<IPeopleNames>();
        Assert.True(await Poll.UntilAsync(async () => (await people.GetTeamMembersAsync(t.Tenant, t.TeamId, default)).Any(p => p.Name == "Rosa Roster"), Wait), "the roster was never read");
        return new World(t, giver, manager, managerChat, priya, priyaChat, tom, rosa);
    }

    private async Task<string> InstallAsync(SetupActivities t, string aad)
    {
        var install = t.PersonalInstall(aad);
        await PostAsync(install);
        return install["conversation"]!["id"]!.GetValue<string>();
    }

    /// <summary>The activity from its sender under their name (as Teams sends it), when the test gave them one.</summary>
    private JsonObject Sender(JsonObject activity)
    {
        if (activity["from"]?["aadObjectId"]?.GetValue<string>() is { } aad && _names.TryGetValue(aad, out var name))
        {
            activity["from"]!["name"] = name;
        }

        return activity;
    }

    private static JsonObject Give(string token, string recipients, string message, string behaviour = "s:slot-kept") =>
        new() { ["token"] = token, ["recipients"] = recipients, ["behaviour"] = behaviour, ["message"] = message };

    /// <summary>A card's JSON with its escapes decoded (the relaxed encoder still escapes emoji), as the text people see.</summary>
    private static string Shown(string cardJson) => System.Text.RegularExpressions.Regex.Unescape(cardJson);

    private static string TokenOf(string formCard) =>
        JsonNode.Parse(formCard)!["body"]!.AsArray().Last()!["actions"]![0]!["data"]!["token"]!.GetValue<string>();

    private static bool To(RecordedRequest r, string conversationId) => Uri.UnescapeDataString(r.PathAndQuery).Contains("/v3/conversations/" + conversationId + "/", StringComparison.Ordinal);

    private static bool IsCard(RecordedRequest r, string text) => r.Json?["attachments"] is JsonArray { Count: > 0 } && Card(r).ToJsonString(Relaxed).Contains(text, StringComparison.Ordinal);

    private static JsonObject Card(RecordedRequest r) => r.Json!["attachments"]![0]!["content"]!.AsObject();

    private async Task<RecordedRequest> WaitForAsync(Func<RecordedRequest, bool> match)
    {
        while (true)
        {
            // Read once: a request arriving after the check must still wake the wait below.
            var seen = Connector.Requests;
            if (seen.FirstOrDefault(match) is { } found)
            {
                return found;
            }

            Assert.True(await Connector.WaitForRequestsAsync(seen.Count + 1, Wait), "the expected message never arrived");
        }
    }

    private async Task PostAsync(JsonObject activity)
    {
        using var response = await App.PostAsync(Sender(activity));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private async Task<string> ReplyCardAsync(JsonObject activity)
    {
        await PostAsync(activity);
        return Card(Connector.ReplyTo(activity)).ToJsonString(Relaxed);
    }

    private async Task<JsonNode> InvokeAsync(JsonObject activity)
    {
        using var response = await App.PostAsync(Sender(activity));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.Equal(200, body["statusCode"]!.GetValue<int>());
        return body;
    }

    private async Task<string> InvokeCardAsync(JsonObject activity)
    {
        var body = await InvokeAsync(activity);
        Assert.True(body["type"]!.GetValue<string>() == "application/vnd.microsoft.card.adaptive", body.ToJsonString());
        return body["value"]!.ToJsonString(Relaxed);
    }

    private async Task<string> InvokeMessageAsync(JsonObject activity)
    {
        var body = await InvokeAsync(activity);
        Assert.True(body["type"]!.GetValue<string>() == "application/vnd.microsoft.activity.message", body.ToJsonString());
        return body["value"]!.GetValue<string>();
    }
}
