using CxBot.Features.Checkins;
using CxBot.Protocol.Sending;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace CxBot.Hosting;

/// <summary>Wires the check-ins feature and its <c>Checkins</c> options.</summary>
internal static class CheckinsHosting
{
    public static void AddCxBotCheckins(this WebApplicationBuilder builder)
    {
        builder.Services.AddOptions<CheckinOptions>()
            .Bind(builder.Configuration.GetSection(CheckinOptions.Section))
            .ValidateDataAnnotations()
            .ValidateOnStart();

        // INTERIM until the send engine is merged: its AddSingleton<ISendJobs, …> wins over this TryAdd.
        builder.Services.TryAddSingleton<ISendJobs, InterimSendJobs>();
        builder.Services.AddCheckinsFeature();
    }
}
