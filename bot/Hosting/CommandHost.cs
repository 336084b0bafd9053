namespace CxBot.Hosting;

/// <summary>
/// Where a command runs: the environment (null: <c>ASPNETCORE_ENVIRONMENT</c> or <c>DOTNET_ENVIRONMENT</c>, as for the bot) and
/// configuration that wins over appsettings and environment variables (tests). Builds the small host a command resolves its
/// services from; in Development that host validates every registration when it is built, as the bot's does.
/// </summary>
internal sealed record CommandHost(IReadOnlyDictionary<string, string?>? Settings = null, string? EnvironmentName = null)
{
    /// <summary>The process's own environment and configuration.</summary>
    public static CommandHost Default { get; } = new();

    /// <summary>A host with storage, the clock and what <paramref name="register"/> adds; never started, no logging.</summary>
    public WebApplication Build(Action<WebApplicationBuilder> register)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = EnvironmentName });
        if (Settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(Settings);
        }

        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddCxBotStorage();
        register(builder);
        return builder.Build();
    }
}
