using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Options;

namespace Alerts.Api.Services;

/// <summary>
/// Keeps rules from making this server call anything but the operator's allowed hosts (server-side request forgery):
/// a URL is checked against <c>Alerts:AllowedHosts</c> when a rule is saved and again when it is sent, and every
/// connection is made by <see cref="ConnectAsync"/>, which resolves the name itself and refuses internal addresses
/// (private, loopback, link-local such as 169.254.169.254, carrier-grade NAT, multicast, ...) unless the address is
/// loopback and <c>Alerts:AllowLoopback</c> is on. Checking the address actually connected to, not an earlier lookup,
/// is what defeats DNS rebinding.
/// </summary>
public sealed class DestinationGuard(IOptionsMonitor<AlertsOptions> options)
{
    /// <summary>Null when the URL may be used, else why not (worded for a person, without the URL's path).</summary>
    public string? Check(string? url)
    {
        if (string.IsNullOrWhiteSpace(url) || !Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("https" or "http"))
        {
            return "The URL must be an absolute https:// URL.";
        }

        if (uri.UserInfo.Length > 0)
        {
            return "The URL must not carry a user name or password.";
        }

        var settings = options.CurrentValue;
        var host = uri.IdnHost.TrimEnd('.');
        var loopback = IsLoopbackHost(uri);
        if (loopback && settings.AllowLoopback)
        {
            return null;
        }

        if (uri.Scheme != "https")
        {
            return "The URL must use https://.";
        }

        if (uri.HostNameType is UriHostNameType.IPv4 or UriHostNameType.IPv6)
        {
            var address = IPAddress.Parse(host.Trim('[', ']'));
            if (IsInternal(address))
            {
                return "The URL points at an internal network address, which alerts may never call.";
            }
        }
        else if (loopback)
        {
            return "The URL points at this server (localhost), which alerts may never call.";
        }

        return IsAllowedHost(host, settings.EffectiveAllowedHosts)
            ? null
            : $"The host '{host}' is not on this server's list of allowed alert destinations ({string.Join(", ", settings.EffectiveAllowedHosts)}); "
              + "ask the operator to add it (Alerts:AllowedHosts).";
    }

    public static bool IsAllowedHost(string host, IEnumerable<string> allowed) => allowed.Any(pattern =>
        pattern.StartsWith("*.", StringComparison.Ordinal)
            ? host.Length > pattern.Length - 1 && host.EndsWith(pattern[1..], StringComparison.OrdinalIgnoreCase)
            : string.Equals(host, pattern, StringComparison.OrdinalIgnoreCase));

    private static bool IsLoopbackHost(Uri uri) =>
        uri.IsLoopback || string.Equals(uri.IdnHost.TrimEnd('.'), "localhost", StringComparison.OrdinalIgnoreCase)
            || uri.IdnHost.EndsWith(".localhost", StringComparison.OrdinalIgnoreCase);

    /// <summary>The <see cref="SocketsHttpHandler.ConnectCallback"/> of the destinations' client.</summary>
    public async ValueTask<Stream> ConnectAsync(SocketsHttpConnectionContext context, CancellationToken cancellationToken)
    {
        var endPoint = context.DnsEndPoint;
        var addresses = IPAddress.TryParse(endPoint.Host.Trim('[', ']'), out var literal)
            ? [literal]
            : await Dns.GetHostAddressesAsync(endPoint.Host, cancellationToken);
        var allowLoopback = options.CurrentValue.AllowLoopback;
        var allowed = addresses.Where(address => !IsInternal(address) || allowLoopback && IPAddress.IsLoopback(Unmapped(address))).ToArray();
        if (allowed.Length == 0)
        {
            throw new DestinationRefusedException("The destination resolves to an internal network address, which alerts may never call.");
        }

        var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(allowed, endPoint.Port, cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Any address that is not on the public internet.</summary>
    public static bool IsInternal(IPAddress address)
    {
        address = Unmapped(address);
        if (IPAddress.IsLoopback(address) || address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any) || address.Equals(IPAddress.IPv6None))
        {
            return true;
        }

        if (address.AddressFamily == AddressFamily.InterNetwork)
        {
            var b = address.GetAddressBytes();
            return b[0] == 0 || b[0] == 10 || b[0] == 127
                || b[0] == 100 && b[1] >= 64 && b[1] <= 127      // carrier-grade NAT
                || b[0] == 169 && b[1] == 254                    // link-local, cloud metadata
                || b[0] == 172 && b[1] >= 16 && b[1] <= 31
                || b[0] == 192 && b[1] == 168
                || b[0] == 192 && b[1] == 0 && b[2] is 0 or 2    // IETF protocol assignments, TEST-NET-1
                || b[0] == 198 && b[1] is 18 or 19               // benchmarking
                || b[0] >= 224;                                  // multicast, reserved, broadcast
        }

        var v6 = address.GetAddressBytes();
        return address.IsIPv6LinkLocal || address.IsIPv6SiteLocal || address.IsIPv6Multicast
            || (v6[0] & 0xfe) == 0xfc                            // unique local fc00::/7
            || v6[0] == 0x20 && v6[1] == 0x01 && v6[2] == 0x0d && v6[3] == 0xb8; // documentation
    }

    private static IPAddress Unmapped(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
