using CxBot.Features.People;
using CxBot.Protocol;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Features.People;

/// <summary>Names for everything CxBot shows: from what people send, rosters and Graph; never an id, never "someone".</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PeopleNamesTests(AzuriteFixture azurite)
{
    private const string Dee = "9e1b3d5f-7a9c-4e2a-8c4e-6a8c0e2a4c6e";

    [Fact]
    public async Task Observe_ActivityFromAPerson_NameStoredAndARenameShowsAtTheirNextMessage()
    {
        await using var people = await PeopleHarness.StartAsync(azurite.Server, o => o.Enabled = false);
        var recorder = people.Get<PersonRecorder>();

        await recorder.ObserveAsync(Message(people, "Dee Driver"), default);
        var first = (await people.Get<IPeopleNames>().GetNamesAsync(people.Tenant, [Dee.ToUpperInvariant()], default)).Of(Dee);
        await recorder.ObserveAsync(Message(people, "Dee Okafor"), default);
        var renamed = await people.Get<IPeopleNames>().GetNamesAsync(people.Tenant, [Dee], default);

        Assert.Equal("Dee Driver", first);
        Assert.Equal("Dee Okafor", renamed.Of(Dee));
        Assert.Equal("29:dee", renamed.Facts(Dee)!.UserId);
    }

    [Fact]
    public async Task GetNames_UnknownWithGraphOff_SaysSoWithoutAnIdOrSomeone()
    {
        await using var people = await PeopleHarness.StartAsync(azurite.Server, o => o.Enabled = false);

        var names = await people.Get<IPeopleNames>().GetNamesAsync(people.Tenant, [Dee], default);

        Assert.False(names.Knows(Dee));
        Assert.Equal(NameBook.NotKnownYet, names.Of(Dee));
        Assert.DoesNotContain("someone", names.Of(Dee), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task GetNames_UnknownWithGraphOn_TakesGraphsDisplayNameAndKeepsIt()
    {
        await using var people = await PeopleHarness.StartAsync(azurite.Server);
        people.Graph.AddUser(Dee, "Dee Driver", "Driver", "Logistics", "Hull");

        var first = await people.Get<IPeopleNames>().GetNamesAsync(people.Tenant, [Dee], default);
        var requests = people.Graph.Requests.Count;
        var second = await people.Get<IPeopleNames>().GetNamesAsync(people.Tenant, [Dee], default);

        Assert.Equal(("Dee Driver", "Dee Driver"), (first.Of(Dee), second.Of(Dee)));
        Assert.Equal(requests, people.Graph.Requests.Count);
    }

    [Fact]
    public async Task Resolve_IdOfNobodyInTheTenant_NullSoTheCallerRefusesIt()
    {
        await using var people = await PeopleHarness.StartAsync(azurite.Server);

        var typo = await people.Get<IPeopleNames>().ResolveAsync(people.Tenant, Dee[..^1] + "0", default);
        var empty = await people.Get<IPeopleNames>().ResolveAsync(people.Tenant, "  ", default);

        Assert.Null(typo);
        Assert.Null(empty);
    }

    [Fact]
    public async Task Resolve_TeamsUserIdOfSomeoneWhoWrote_TheirEntraIdAndName()
    {
        // Local chat clients' pickers answer with Teams user ids; CxBot keys people by Entra id from then on.
        await using var people = await PeopleHarness.StartAsync(azurite.Server, o => o.Enabled = false);
        await people.Get<PersonRecorder>().ObserveAsync(Message(people, "Dee Driver"), default);

        var byTeamsId = await people.Get<IPeopleNames>().ResolveAsync(people.Tenant, "29:dee", default);
        var unknown = await people.Get<IPeopleNames>().ResolveAsync(people.Tenant, "29:nobody", default);

        Assert.Equal((Dee, "Dee Driver"), (byTeamsId!.AadObjectId, byTeamsId.Name));
        Assert.Null(unknown);
    }

    [Fact]
    public void NameBook_EmailOnly_ShownByEmail()
    {
        var names = new NameBook(new Dictionary<string, PersonFacts> { [Dee] = new(Dee, null, "dee@contoso.example", null, null, null, PersonSources.Roster) });

        Assert.Equal("dee@contoso.example", names.Of(Dee.ToUpperInvariant()));
    }

    private static Activity Message(PeopleHarness people, string name) => new()
    {
        Type = ActivityTypes.Message,
        From = new ChannelAccount { Id = "29:dee", Name = name, AadObjectId = Dee },
        Conversation = new ConversationAccount { Id = "a:dee", ConversationType = "personal", TenantId = people.Tenant },
        ChannelData = new ChannelData { Tenant = new IdRef { Id = people.Tenant } },
    };
}
