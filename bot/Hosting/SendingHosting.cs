using CxBot.Protocol.Connector;
using CxBot.Protocol.Sending;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace CxBot.Hosting;

/// <summary>Wires the durable send engine (<see cref="ISendJobs"/>), its worker and its <c>Sending</c> options (<see cref="SendingOptions"/>, validated at start).</summary>
internal static class SendingHosting
{
    public static void AddCxBotSending(this WebApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<SendingOptions>()
            .Bind(builder.Configuration.GetSection(SendingOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => o.LeaseDuration > o.AttemptTimeout + (2 * o.LeaseRenewEvery), "Sending:LeaseDuration must exceed Sending:AttemptTimeout plus twice Sending:LeaseRenewEvery, so a send always ends before the lease can pass.")
            .Validate(o => o.BudgetExpiry >= (2 * o.BudgetBeatEvery) + TimeSpan.FromSeconds(1), "Sending:BudgetExpiry must be at least twice Sending:BudgetBeatEvery plus a second, so an instance that misses a beat is not taken for gone.")
            .ValidateOnStart();
        // The engine's own connector pipeline: the token, but no retry handler (the engine paces and retries itself).
        services.AddHttpClient(SendingConnector.HttpClientName, (sp, c) => c.Timeout = sp.GetRequiredService<IOptions<SendingOptions>>().Value.AttemptTimeout)
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddHttpMessageHandler<ConnectorAuthHandler>();
        services.AddSingleton(sp => new SendingConnector(new ConnectorClient(
            sp.GetRequiredService<IHttpClientFactory>().CreateClient(SendingConnector.HttpClientName),
            sp.GetRequiredService<ServiceUrlPolicy>(),
            sp.GetRequiredService<ILogger<ConnectorClient>>())));

        services.AddSingleton<SendJobStore>();
        services.AddSingleton<SendWakeup>();
        services.AddSingleton<SendProgress>();
        services.TryAddSingleton<IRecipientResolver, ReferenceResolver>();
        services.AddSingleton<SendJobs>();
        services.AddSingleton<ISendJobs>(sp => sp.GetRequiredService<SendJobs>());
        services.AddSingleton<ISendFailures>(sp => sp.GetRequiredService<SendJobs>());
        services.AddSingleton<IOutbox, Outbox>();
        services.AddSingleton<SendWorker>();
        services.AddHostedService(sp => sp.GetRequiredService<SendWorker>());
    }

}
