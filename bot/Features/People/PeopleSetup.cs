using CxBot.Protocol.Routing;

namespace CxBot.Features.People;

/// <summary>Registers the people directory.</summary>
internal static class PeopleSetup
{
    public static IServiceCollection AddPeople(this IServiceCollection services)
    {
        services.AddSingleton<RosterStore>();
        services.AddSingleton<RosterSync>();
        services.AddSingleton<RosterTeamSource>();
        services.AddSingleton<ITeamDirectorySource, SetupTeamSource>();
        services.AddSingleton<ProfileCache>();
        services.AddSingleton<PersonStore>();
        services.AddSingleton<IPeopleNames, PeopleNames>();
        services.AddSingleton<PersonRecorder>();
        services.AddSingleton<IActivityObserver>(sp => sp.GetRequiredService<PersonRecorder>());
        services.AddSingleton<ReachStore>();
        services.AddSingleton<InstallPacer>();
        services.AddSingleton<ProactiveInstaller>();
        services.AddSingleton<PersonReach>();
        services.AddSingleton<IPeopleDirectory, PeopleDirectory>();
        services.AddSingleton<CxBot.Protocol.Sending.IRecipientResolver, PeopleRecipientResolver>();
        services.AddSingleton<IBotRoutes, PeopleRoutes>();
        return services;
    }
}
