namespace CxBot.Storage;

/// <summary>Where a Table service is and the shared key to sign with, parsed from a storage connection string.</summary>
public sealed record TableConnection(Uri Endpoint, string AccountName, byte[] AccountKey)
{
    /// <summary>Azurite's well-known development account.</summary>
    public const string DevelopmentAccountName = "devstoreaccount1";

    /// <summary>Azurite's well-known development key (public; it opens nothing but a local emulator).</summary>
    public const string DevelopmentAccountKey =
        "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    /// <summary>Parses <c>UseDevelopmentStorage=true</c> or an account connection string.</summary>
    /// <exception cref="FormatException">The string is empty, malformed, or lacks an account name or key.</exception>
    public static TableConnection Parse(string connectionString)
    {
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            throw new FormatException("The storage connection string is empty.");
        }

        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var segment in connectionString.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var equals = segment.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new FormatException($"The storage connection string has a segment without 'name=value' (segment {parts.Count + 1}).");
            }

            parts[segment[..equals].Trim()] = segment[(equals + 1)..].Trim();
        }

        if (parts.TryGetValue("UseDevelopmentStorage", out var dev) && bool.TryParse(dev, out var useDev) && useDev)
        {
            var proxy = parts.TryGetValue("DevelopmentStorageProxyUri", out var p) ? p.TrimEnd('/') : "http://127.0.0.1";
            return new TableConnection(
                new Uri($"{proxy}:10002/{DevelopmentAccountName}"),
                DevelopmentAccountName,
                Convert.FromBase64String(DevelopmentAccountKey));
        }

        if (parts.ContainsKey("SharedAccessSignature"))
        {
            throw new FormatException("SAS connection strings are not supported; use an account key or Storage:TableServiceUri with a managed identity.");
        }

        if (!parts.TryGetValue("AccountName", out var account) || account.Length == 0)
        {
            throw new FormatException("The storage connection string has no AccountName.");
        }

        if (!parts.TryGetValue("AccountKey", out var keyText) || keyText.Length == 0)
        {
            throw new FormatException("The storage connection string has no AccountKey.");
        }

        byte[] key;
        try
        {
            key = Convert.FromBase64String(keyText);
        }
        catch (FormatException)
        {
            throw new FormatException("The storage connection string's AccountKey is not valid base64.");
        }

        Uri endpoint;
        if (parts.TryGetValue("TableEndpoint", out var explicitEndpoint) && explicitEndpoint.Length > 0)
        {
            if (!Uri.TryCreate(explicitEndpoint.TrimEnd('/'), UriKind.Absolute, out endpoint!))
            {
                throw new FormatException("The storage connection string's TableEndpoint is not an absolute URI.");
            }
        }
        else
        {
            var scheme = parts.TryGetValue("DefaultEndpointsProtocol", out var s) && s.Length > 0 ? s : "https";
            var suffix = parts.TryGetValue("EndpointSuffix", out var e) && e.Length > 0 ? e : "core.windows.net";
            endpoint = new Uri($"{scheme}://{account}.table.{suffix}");
        }

        return new TableConnection(endpoint, account, key);
    }

    /// <inheritdoc />
    public override string ToString() => $"{Endpoint} ({AccountName})";
}
