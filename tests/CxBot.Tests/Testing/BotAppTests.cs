using CxBot.Testing;
using CxBot.Tests.Storage;

namespace CxBot.Tests.Testing;

[Collection(AzuriteCollection.Name)]
public sealed class BotAppTests(AzuriteFixture azurite)
{
    [Fact]
    public void Local_TwoApps_EachHasItsOwnTablesUnlessGivenOne()
    {
        // Apps that share tables take up each other's background work (send jobs, owed deliveries): a CI failure once
        // came from another test's app holding this test's send lease.
        var first = BotApp.With(azurite.Server, []);
        var second = BotApp.With(azurite.Server, []);
        var shared = BotApp.With(azurite.Server, [("Storage:TablePrefix", first["Storage:TablePrefix"])]);

        Assert.NotEqual(first["Storage:TablePrefix"], second["Storage:TablePrefix"]);
        Assert.Equal(first["Storage:TablePrefix"], shared["Storage:TablePrefix"]);
    }
}
