using System.Net;
using System.Net.Sockets;

namespace CxBot.Testing;

/// <summary>Loopback ports for local servers that tests start.</summary>
public static class FreePort
{
    /// <summary>A TCP port on 127.0.0.1 that nothing listens on right now.</summary>
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Waits until something accepts connections on the port, within <paramref name="timeout"/>.</summary>
    public static async Task<bool> WaitForListenerAsync(int port, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return true;
            }
            catch (SocketException)
            {
                await Task.Delay(50, cancellationToken);
            }
        }

        return false;
    }

    /// <summary>Waits until nothing accepts connections on the port, within <paramref name="timeout"/>.</summary>
    public static async Task<bool> WaitForNoListenerAsync(int port, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                await Task.Delay(50, cancellationToken);
            }
            catch (SocketException)
            {
                return true;
            }
        }

        return false;
    }
}
