using CxBot.Storage;
using CxBot.Testing;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace CxBot.Tests.Hosting;

/// <summary>
/// The application's clock (a test's virtual one) is for business time; storage timeouts and back-off run on the real clock,
/// so moving the application's clock by hours never times out a table request in flight (a race several tests hit on a
/// loaded machine).
/// </summary>
[Collection(AzuriteCollection.Name)]
public sealed class StorageClockTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task ApplicationClockMovesHours_WhileATableRequestIsInFlight_TheRequestStillCompletes()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var held = new HeldRequest();
        await using var app = new BotApp(BotApp.With(azurite.Server, [("Storage:TablePrefix", TestTables.UniquePrefix())]))
        {
            TestServices = s =>
            {
                s.AddSingleton<TimeProvider>(clock);
                s.AddHttpClient("CxBot.Tables").AddHttpMessageHandler(() => held);
            },
        };
        var table = app.Services.GetRequiredService<TableServiceClient>().GetTableClient("ClockJump");
        held.Hold = true;

        var create = table.CreateIfNotExistsAsync(default);
        await held.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        clock.Advance(TimeSpan.FromHours(20));
        held.Release.TrySetResult();

        await create;
        Assert.Null(await table.GetEntityIfExistsAsync("p", "r", default));
    }

    /// <summary>Holds the first table request after <see cref="Hold"/> is set until <see cref="Release"/>.</summary>
    private sealed class HeldRequest : DelegatingHandler
    {
        public volatile bool Hold;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            if (Hold && Entered.TrySetResult())
            {
                await Release.Task.WaitAsync(cancellationToken);
            }

            return await base.SendAsync(request, cancellationToken);
        }
    }
}
