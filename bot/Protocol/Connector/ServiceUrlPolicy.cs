using Microsoft.Extensions.Options;

namespace CxBot.Protocol.Connector;

/// <summary>The SSRF guard: a <c>serviceUrl</c> may be posted to only when its host is on the allow-list (loopback too in local mode).</summary>
internal sealed class ServiceUrlPolicy(IOptions<BotOptions> options)
{
    private readonly IReadOnlyList<string> _hosts = options.Value.EffectiveAllowedHosts;
    private readonly bool _localMode = options.Value.IsLocalMode;

    /// <summary>True when the bot may send to <paramref name="serviceUrl"/>.</summary>
    public bool IsAllowed(string? serviceUrl)
    {
        if (!Uri.TryCreate(serviceUrl, UriKind.Absolute, out var uri) || !string.IsNullOrEmpty(uri.UserInfo))
        {
            return false;
        }

        var loopback = uri.IsLoopback;
        if (uri.Scheme != Uri.UriSchemeHttps && !(uri.Scheme == Uri.UriSchemeHttp && loopback))
        {
            return false;
        }

        return (loopback && _localMode) || _hosts.Any(pattern => Matches(uri.IdnHost, pattern));
    }

    private static bool Matches(string host, string pattern)
    {
        if (pattern.StartsWith("*.", StringComparison.Ordinal))
        {
            var suffix = pattern[1..];
            return host.Length > suffix.Length && host.EndsWith(suffix, StringComparison.OrdinalIgnoreCase);
        }

        return string.Equals(host, pattern, StringComparison.OrdinalIgnoreCase);
    }
}

/// <summary>Thrown when a send targets a <c>serviceUrl</c> outside the allow-list; nothing was sent.</summary>
public sealed class ServiceUrlNotAllowedException : Exception
{
    /// <summary>Creates the exception.</summary>
    public ServiceUrlNotAllowedException()
        : base("The serviceUrl is not on Bot:AllowedServiceUrlHosts; nothing was sent.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public ServiceUrlNotAllowedException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and cause.</summary>
    public ServiceUrlNotAllowedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
