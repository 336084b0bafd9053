using CxBot.Protocol;
using CxBot.Protocol.Routing;
using Moq;

namespace CxBot.Tests.Protocol;

public sealed class AadObjectIdsTests
{
    [Theory]
    [InlineData("0F8FAD5B-D9CB-469F-A165-70867728950E", "0f8fad5b-d9cb-469f-a165-70867728950e")]
    [InlineData("{0f8fad5b-d9cb-469f-a165-70867728950e}", "0f8fad5b-d9cb-469f-a165-70867728950e")]
    [InlineData("0f8fad5bd9cb469fa16570867728950e", "0f8fad5b-d9cb-469f-a165-70867728950e")]
    [InlineData(" user-id-0 ", "user-id-0")]
    public void Normalise_AnySpelling_OneSpelling(string id, string expected) => Assert.Equal(expected, AadObjectIds.Normalise(id));

    [Fact]
    public void UserAadObjectId_UpperCaseGuidFromTeams_IsNormalised()
    {
        var activity = new Activity { Type = ActivityTypes.Message, From = new ChannelAccount { Id = "29:x", AadObjectId = "0F8FAD5B-D9CB-469F-A165-70867728950E" } };
        var turn = new TurnContext(activity, Mock.Of<CxBot.Protocol.Connector.IConnectorClient>(), _ => { }, CancellationToken.None);

        Assert.Equal("0f8fad5b-d9cb-469f-a165-70867728950e", turn.UserAadObjectId);
    }
}
