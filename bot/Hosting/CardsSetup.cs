using CxBot.Cards;

namespace CxBot.Hosting;

/// <summary>Registers the card templates and loads them while the app starts, so a broken template stops it at boot.</summary>
internal static class CardsSetup
{
    /// <summary>Where the templates are read from: <c>Cards:TemplatesPath</c>, or <c>cards/</c> beside the app.</summary>
    public const string PathKey = "Cards:TemplatesPath";

    /// <summary>Templates the bot sends; a missing one stops the app at boot.</summary>
    public static readonly string[] Required = ["welcome/personal", "welcome/team", "help/help", "setup/home", "setup/organisation", "setup/standard", "setup/team", "setup/leadership", "ideas/form", "ideas/idea", "ideas/decide", "ideas/list", "incidents/log", "incidents/incident", "incidents/list", "recognition/give", "recognition/shoutout", "recognition/manager", "recognition/values", "recognition/leaderboard", "sending/progress", "checkins/prompt", "checkins/thanks", "checkins/preferences", "checkins/settings", "scorecards/scorecard", "customervoice/survey-link", "customervoice/recovery", "customervoice/pick"];

    internal static void AddCxBotCards(this WebApplicationBuilder builder)
    {
        var directory = builder.Configuration[PathKey] is { Length: > 0 } configured
            ? Path.GetFullPath(configured, builder.Environment.ContentRootPath)
            : Path.Combine(AppContext.BaseDirectory, "cards");
        builder.Services.AddSingleton(sp => new CardTemplates(directory, Required, sp.GetRequiredService<ILogger<CardTemplates>>()));
        builder.Services.AddHostedService<CardTemplatesStartup>();
    }

    /// <summary>Resolves the templates while the host starts, so loading errors surface there and not on the first message.</summary>
    private sealed class CardTemplatesStartup(IServiceProvider services) : IHostedService
    {
        public Task StartAsync(CancellationToken cancellationToken)
        {
            services.GetRequiredService<CardTemplates>();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
    }
}
