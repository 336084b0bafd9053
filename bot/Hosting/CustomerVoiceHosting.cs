using System.Security.Cryptography;
using CxBot.Features.CustomerVoice;
using CxBot.Protocol;
using Microsoft.Extensions.Options;

namespace CxBot.Hosting;

/// <summary>
/// Wires the customer survey and its <c>CustomerVoice</c> options. The signing key is like <c>Admin:ClaimCode</c>: optional, at
/// least 32 characters when set, never logged; without one, local mode makes a key for the life of the process and a deployed
/// bot issues no survey links (and says so at start). The public address defaults to <c>https://</c> + <c>Teams:Domain</c>.
/// </summary>
internal static class CustomerVoiceHosting
{
    public const string LocalBaseUrl = "http://localhost:3978";

    public static void AddCxBotCustomerVoice(this WebApplicationBuilder builder)
    {
        var domain = builder.Configuration["Teams:Domain"];
        builder.Services.AddOptions<CustomerVoiceOptions>()
            .Bind(builder.Configuration.GetSection(CustomerVoiceOptions.Section))
            .ValidateDataAnnotations()
            .Validate(o => string.IsNullOrEmpty(o.SigningKey) || o.SigningKey.Trim().Length >= CustomerVoiceOptions.MinSigningKeyLength,
                $"CustomerVoice:SigningKey must be at least {CustomerVoiceOptions.MinSigningKeyLength} characters (or empty), so nobody can forge a survey link.")
            .Validate(o => string.IsNullOrEmpty(o.PublicBaseUrl) || IsBaseUrl(o.PublicBaseUrl),
                "CustomerVoice:PublicBaseUrl must be an https address such as https://cxbot-prod.azurewebsites.net (plain http only on a loopback host), with no path, query or fragment.")
            .PostConfigure<IOptions<BotOptions>>((o, bot) =>
            {
                if (string.IsNullOrWhiteSpace(o.PublicBaseUrl))
                {
                    o.PublicBaseUrl = !string.IsNullOrWhiteSpace(domain) ? "https://" + domain.Trim() : bot.Value.IsLocalMode ? LocalBaseUrl : null;
                }

                if (string.IsNullOrWhiteSpace(o.SigningKey) && bot.Value.IsLocalMode)
                {
                    o.SigningKey = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));
                    o.KeyGenerated = true;
                }
            })
            .ValidateOnStart();
        builder.Services.AddCustomerVoiceFeature();
    }

    /// <summary>Maps the survey page, and says at start when no survey link can be issued.</summary>
    public static void MapCxBotCustomerVoice(this WebApplication app)
    {
        if (string.IsNullOrWhiteSpace(app.Services.GetRequiredService<IOptions<CustomerVoiceOptions>>().Value.SigningKey))
        {
            CxBot.Features.CustomerVoice.Log.NoSigningKey(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CxBot.Features.CustomerVoice"));
        }

        app.MapCustomerVoice();
    }

    private static bool IsBaseUrl(string text) =>
        Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.AbsolutePath is "/" or "" && uri.Query.Length == 0 && uri.Fragment.Length == 0
        && (uri.Scheme == Uri.UriSchemeHttps || (uri.Scheme == Uri.UriSchemeHttp && uri.IsLoopback));
}
