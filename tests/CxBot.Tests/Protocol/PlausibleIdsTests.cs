using System.Net;
using CxBot.Features.Setup;
using CxBot.Protocol.References;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;

namespace CxBot.Tests.Protocol;

/// <summary>Ids that are not Teams' shape are refused at <c>/api/messages</c> before anything is stored.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class PlausibleIdsTests(AzuriteFixture azurite) : LocalBotTests(azurite)
{
    [Theory]
    [InlineData("\u0000")]
    [InlineData("\u0000x")]
    [InlineData("\u202e")]
    [InlineData(" tenant")]
    [InlineData("-not-hex-tenant-")]
    public async Task PersonalInstall_TenantIdNotAGuid_400AndNothingStoredOrSent(string tail)
    {
        var aad = Guid.NewGuid().ToString();
        var tenant = Guid.NewGuid() + tail;
        var install = TeamsFixtures.Personal("install-personal", Connector.ServiceUrl, aad);
        install["conversation"]!["tenantId"] = tenant;
        install["channelData"]!["tenant"]!["id"] = tenant;

        using var response = await App.PostAsync(install);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(Connector.Requests);
        Assert.Null(await App.Services.GetRequiredService<ConversationReferenceStore>().GetAsync(ProactiveTarget.User(tenant, aad), default));
        Assert.Empty((await App.Services.GetRequiredService<SetupStore>().LoadAsync(tenant, default)).Rows);
    }

    [Theory]
    [InlineData("from", "id", "29:user\u0000")]
    [InlineData("from", "aadObjectId", "\u202enot-a-person")]
    [InlineData("conversation", "id", "a:chat\u0007")]
    public async Task PersonalInstall_IdWithControlOrFormatCharacter_400AndNothingSent(string parent, string field, string value)
    {
        var install = TeamsFixtures.Personal("install-personal", Connector.ServiceUrl);
        install[parent]![field] = value;

        using var response = await App.PostAsync(install);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Empty(Connector.Requests);
    }

    [Fact]
    public async Task PersonalInstall_AgentsPlaygroundTenant_Accepted()
    {
        // The Playground's built-in tenant has 13 digits in its last group: GUID-shaped, not a GUID.
        var install = TeamsFixtures.Personal("install-personal", Connector.ServiceUrl);
        install["conversation"]!["tenantId"] = "00000000-0000-0000-0000-0000000000001";
        install["channelData"]!["tenant"]!["id"] = "00000000-0000-0000-0000-0000000000001";

        using var response = await App.PostAsync(install);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
