using System.Net.Sockets;
using System.Text;

namespace PoseSearch.Api.Tests.Infrastructure;

/// <summary>
/// HTTP/1.1 over a bare socket, so the request target reaches the server byte for byte: HttpClient
/// (System.Uri) would itself decode %2E and drop dot segments before sending, hiding what a
/// hostile or merely literal client (curl --path-as-is) can send.
/// </summary>
public static class RawHttp
{
    public sealed record Response(int Status, string Head, string Body);

    public static async Task<Response> SendAsync(Uri server, string method, string target, string? apiKey = null, string? jsonBody = null)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port);
        await using var stream = client.GetStream();
        var body = jsonBody is null ? [] : Encoding.UTF8.GetBytes(jsonBody);
        var head = new StringBuilder()
            .Append($"{method} {target} HTTP/1.1\r\n")
            .Append($"Host: {server.Host}:{server.Port}\r\n")
            .Append("Connection: close\r\n")
            .Append($"Content-Length: {body.Length}\r\n");
        if (jsonBody is not null)
        {
            head.Append("Content-Type: application/json\r\n");
        }

        if (apiKey is not null)
        {
            head.Append($"X-Api-Key: {apiKey}\r\n");
        }

        await stream.WriteAsync(Encoding.ASCII.GetBytes(head.Append("\r\n").ToString()));
        await stream.WriteAsync(body);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var text = await reader.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(30));
        var split = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        var responseHead = split < 0 ? text : text[..split];
        var status = int.Parse(responseHead.Split(' ', 3)[1], System.Globalization.CultureInfo.InvariantCulture);
        var responseBody = split < 0 ? "" : text[(split + 4)..];
        var chunked = responseHead.Contains("Transfer-Encoding: chunked", StringComparison.OrdinalIgnoreCase);
        return new Response(status, responseHead, chunked ? Dechunk(responseBody) : responseBody);
    }

    // Chunk sizes are in bytes; the bodies here are ASCII JSON, so characters and bytes agree.
    private static string Dechunk(string chunked)
    {
        var body = new StringBuilder();
        var position = 0;
        while (true)
        {
            var lineEnd = chunked.IndexOf("\r\n", position, StringComparison.Ordinal);
            var size = Convert.ToInt32(chunked[position..lineEnd].Split(';')[0], 16);
            if (size == 0)
            {
                return body.ToString();
            }

            body.Append(chunked, lineEnd + 2, size);
            position = lineEnd + 2 + size + 2;
        }
    }
}
