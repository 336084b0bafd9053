using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace CxBot.Storage;

/// <summary>Signs each request with the account key (SharedKeyLite for the Table service).</summary>
public sealed class SharedKeyLiteHandler : DelegatingHandler
{
    private readonly string _accountName;
    private readonly byte[] _accountKey;
    private readonly TimeProvider _time;

    /// <summary>Creates the handler for one account.</summary>
    public SharedKeyLiteHandler(string accountName, byte[] accountKey, TimeProvider time)
    {
        ArgumentException.ThrowIfNullOrEmpty(accountName);
        ArgumentNullException.ThrowIfNull(accountKey);
        _accountName = accountName;
        _accountKey = accountKey;
        _time = time;
    }

    /// <inheritdoc />
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var date = _time.GetUtcNow().ToString("R", CultureInfo.InvariantCulture);
        request.Headers.Remove("x-ms-date");
        request.Headers.TryAddWithoutValidation("x-ms-date", date);
        var signature = Sign(StringToSign(date, _accountName, request.RequestUri!), _accountKey);
        request.Headers.Remove("Authorization");
        request.Headers.TryAddWithoutValidation("Authorization", $"SharedKeyLite {_accountName}:{signature}");
        return base.SendAsync(request, cancellationToken);
    }

    /// <summary>
    /// <c>date + "\n" + "/" + account + path</c>, keeping <c>?comp=…</c>. The path is the URL's own (escaped) path,
    /// so with Azurite's path-style URLs the resource reads <c>/devstoreaccount1/devstoreaccount1/…</c>.
    /// </summary>
    internal static string StringToSign(string date, string accountName, Uri uri)
    {
        var resource = "/" + accountName + uri.AbsolutePath;
        var comp = CompParameter(uri.Query);
        if (comp is not null)
        {
            resource += "?comp=" + comp;
        }

        return date + "\n" + resource;
    }

    internal static string Sign(string stringToSign, byte[] key) =>
        Convert.ToBase64String(HMACSHA256.HashData(key, Encoding.UTF8.GetBytes(stringToSign)));

    private static string? CompParameter(string query)
    {
        foreach (var pair in query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
        {
            if (pair.StartsWith("comp=", StringComparison.OrdinalIgnoreCase))
            {
                return Uri.UnescapeDataString(pair[5..]);
            }
        }

        return null;
    }
}
