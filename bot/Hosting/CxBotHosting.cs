namespace CxBot.Hosting;

/// <summary>The composition root: what <c>Program.cs</c> calls, feature by feature.</summary>
public static class CxBotHosting
{
    /// <summary>Registers every CxBot service.</summary>
    public static WebApplicationBuilder AddCxBot(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddCxBotTelemetry();
        builder.AddCxBotStorage();
        builder.AddCxBotHealth();
        builder.AddCxBotCards();
        builder.AddCxBotProtocol();
        builder.AddCxBotWelcome(); // before Setup: on install, Welcome greets, then Setup creates the organisation
        builder.AddCxBotSending();
        builder.AddCxBotFileConsent();
        builder.AddCxBotSetup();
        builder.AddCxBotGraph();
        builder.AddCxBotIdeas();
        builder.AddCxBotIncidents();
        builder.AddCxBotRecognition();
        builder.AddCxBotCheckins();
        builder.AddCxBotMeasures();
        builder.AddCxBotScorecards();
        builder.AddCxBotCustomerVoice();
        return builder;
    }

    /// <summary>Maps every CxBot endpoint.</summary>
    public static WebApplication MapCxBot(this WebApplication app)
    {
        app.MapCxBotHealth();
        app.MapCxBotProtocol();
        app.MapCxBotCustomerVoice();
        app.WarnWithoutAdminPath();
        return app;
    }
}
