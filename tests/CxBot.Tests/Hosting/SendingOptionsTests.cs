using CxBot.Protocol.Sending;
using CxBot.Tests.Storage;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace CxBot.Tests.Hosting;

/// <summary>The <c>Sending</c> section: validated at start, passed to the engine, explained in the sample.</summary>
[Collection(AzuriteCollection.Name)]
public sealed class SendingOptionsTests(AzuriteFixture azurite)
{
    [Theory]
    [InlineData("Sending:TenantRequestsPerSecond", "0", "TenantRequestsPerSecond")]
    [InlineData("Sending:MaxAttempts", "0", "MaxAttempts")]
    [InlineData("Sending:LeaseDuration", "00:00:07", "Sending:LeaseDuration must exceed")]
    [InlineData("Sending:AttemptTimeout", "00:00:00.100", "AttemptTimeout")]
    public async Task Start_InvalidSendingSetting_FailsAtBoot(string key, string value, string message)
    {
        var ex = await Assert.ThrowsAnyAsync<Exception>(() => AppBoot.StartAsync((key, value)));

        var validation = Assert.Single(AppBoot.Chain(ex).OfType<OptionsValidationException>());
        Assert.Equal(typeof(SendingOptions), validation.OptionsType);
        Assert.Contains(message, validation.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_SendingOptions_ReachTheEngine()
    {
        await using var app = await AppBoot.StartAsync(
            ("ConnectionStrings:Storage", azurite.Server.ConnectionString),
            ("Sending:TenantRequestsPerSecond", "30"),
            ("Sending:ResendUnknownOutcome", "false"),
            ("Sending:RunWorker", "false"));

        var settings = app.Services.GetRequiredService<IOptions<SendingOptions>>().Value;
        Assert.Equal((30, false, false), (settings.TenantRequestsPerSecond, settings.ResendUnknownOutcome, settings.RunWorker));
        Assert.IsType<CxBot.Features.People.PeopleRecipientResolver>(app.Services.GetRequiredService<IRecipientResolver>());
    }

    [Fact]
    public void Sample_ExplainsEverySendingKey()
    {
        var sample = File.ReadAllText(Path.Combine(CxBot.Testing.RepoPaths.Root, "appsettings.sample.json"));
        var section = sample[sample.IndexOf("\"Sending\": {", StringComparison.Ordinal)..];
        section = section[..section.IndexOf("\n  },", StringComparison.Ordinal)];

        Assert.All(typeof(SendingOptions).GetProperties().Where(p => p.CanWrite), p => Assert.Contains($"\"{p.Name}\":", section, StringComparison.Ordinal));
    }
}
