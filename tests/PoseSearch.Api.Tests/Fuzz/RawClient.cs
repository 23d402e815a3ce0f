using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using System.Text;

namespace PoseSearch.Api.Tests.Fuzz;

/// <summary>
/// Sends a <see cref="FuzzRequest"/> over a fresh loopback socket, byte for byte (HttpClient would
/// normalize the target and refuse odd headers), and reads the status line of the answer.
/// </summary>
public static class RawClient
{
    public sealed record Outcome(int Status, double Seconds, string Head, string Error);

    public static async Task<Outcome> SendAsync(Uri server, FuzzRequest request, TimeSpan limit)
    {
        var watch = Stopwatch.StartNew();
        using var cancel = new CancellationTokenSource(limit);
        using var client = new TcpClient { NoDelay = true };
        try
        {
            await client.ConnectAsync(server.Host, server.Port, cancel.Token);
            await using var stream = client.GetStream();
            var head = new StringBuilder()
                .Append(CultureInfo.InvariantCulture, $"{request.Method} {request.Target} HTTP/1.1\r\n")
                .Append(CultureInfo.InvariantCulture, $"Host: {server.Host}:{server.Port}\r\n")
                .Append("Connection: close\r\n")
                .Append(CultureInfo.InvariantCulture, $"Content-Length: {request.Body.Length}\r\n");
            if (request.ContentType is not null)
            {
                head.Append(CultureInfo.InvariantCulture, $"Content-Type: {request.ContentType}\r\n");
            }

            if (request.ApiKey is not null)
            {
                head.Append(CultureInfo.InvariantCulture, $"X-Api-Key: {request.ApiKey}\r\n");
            }

            var writeError = "";
            try
            {
                await stream.WriteAsync(Encoding.Latin1.GetBytes(head.Append("\r\n").ToString()), cancel.Token);
                await stream.WriteAsync(request.Body, cancel.Token);
            }
            catch (IOException e)
            {
                writeError = e.Message; // the server may answer (413) and close before the body is sent
            }

            var buffer = new MemoryStream();
            var chunk = new byte[16_384];
            try
            {
                int read;
                while ((read = await stream.ReadAsync(chunk, cancel.Token)) > 0)
                {
                    buffer.Write(chunk, 0, read);
                }
            }
            catch (IOException) when (buffer.Length > 0)
            {
                // A reset after the answer arrived.
            }

            var text = Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            var responseHead = end < 0 ? text : text[..end];
            var parts = responseHead.Split(' ', 3);
            return parts.Length >= 2 && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var status)
                ? new Outcome(status, watch.Elapsed.TotalSeconds, responseHead, writeError)
                : new Outcome(0, watch.Elapsed.TotalSeconds, responseHead, writeError.Length > 0 ? writeError : "no status line");
        }
        catch (Exception e) when (e is IOException or SocketException or OperationCanceledException)
        {
            return new Outcome(0, watch.Elapsed.TotalSeconds, "", e.GetType().Name + ": " + e.Message);
        }
    }
}
