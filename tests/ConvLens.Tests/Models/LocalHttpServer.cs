using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace ConvLens.Tests.Models;

/// <summary>
/// A minimal HTTP/1.1 server on 127.0.0.1 (a free port the system picks) for download tests: it records
/// every request and answers with what the handler returns, including responses cut or stalled
/// mid-body. One request per connection (Connection: close). Nothing leaves the loopback interface.
/// </summary>
internal sealed class LocalHttpServer : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Func<LocalHttpRequest, int, LocalHttpResponse> _handler;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<LocalHttpRequest> _requests = new();
    private readonly Task _loop;

    /// <summary>Starts serving; <paramref name="handler"/> gets each request and its 0-based number.</summary>
    public LocalHttpServer(Func<LocalHttpRequest, int, LocalHttpResponse> handler)
    {
        _handler = handler;
        _listener.Start();
        _loop = Task.Run(AcceptLoop);
    }

    /// <summary>The address of <paramref name="path"/> on this server.</summary>
    public string Url(string path = "/file.h5") => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}{path}";

    /// <summary>The requests received so far, in order.</summary>
    public IReadOnlyList<LocalHttpRequest> Requests => _requests.ToArray();

    private async Task AcceptLoop()
    {
        int count = 0;
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try { client = await _listener.AcceptTcpClientAsync(_stop.Token); }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException) { return; }
            _ = Task.Run(() => Serve(client, count++));
        }
    }

    private async Task Serve(TcpClient client, int number)
    {
        using (client)
        {
            try
            {
                var stream = client.GetStream();
                var request = await ReadRequest(stream);
                if (request is null) return;
                _requests.Enqueue(request);
                var response = _handler(request, number);
                var head = new StringBuilder($"HTTP/1.1 {response.Status} {response.Reason}\r\n");
                head.Append($"Content-Length: {response.Body.Length}\r\nConnection: close\r\nContent-Type: application/octet-stream\r\n");
                foreach (var (name, value) in response.Headers) head.Append($"{name}: {value}\r\n");
                head.Append("\r\n");
                await stream.WriteAsync(Encoding.ASCII.GetBytes(head.ToString()), _stop.Token);
                int send = response.CutAfter ?? response.StallAfter ?? response.Body.Length;
                bool headOnly = request.Method == "HEAD";
                if (!headOnly) await stream.WriteAsync(response.Body.AsMemory(0, send), _stop.Token);
                await stream.FlushAsync(_stop.Token);
                // A stalled response keeps the connection open until the client gives up (or the test ends, at most 10 s).
                if (response.StallAfter is not null)
                {
                    var buffer = new byte[1];
                    using var limit = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
                    limit.CancelAfter(TimeSpan.FromSeconds(10));
                    try { while (await stream.ReadAsync(buffer, limit.Token) > 0) { } }
                    catch (Exception e) when (e is OperationCanceledException or IOException) { }
                }
            }
            catch (Exception e) when (e is IOException or OperationCanceledException or ObjectDisposedException) { }
        }
    }

    private static async Task<LocalHttpRequest?> ReadRequest(NetworkStream stream)
    {
        var bytes = new List<byte>();
        var buffer = new byte[1];
        // Byte by byte up to the blank line: requests here are a few hundred bytes and carry no body.
        while (bytes.Count < 16384)
        {
            if (await stream.ReadAsync(buffer) == 0) return null;
            bytes.Add(buffer[0]);
            int n = bytes.Count;
            if (n >= 4 && bytes[n - 4] == '\r' && bytes[n - 3] == '\n' && bytes[n - 2] == '\r' && bytes[n - 1] == '\n') break;
        }
        var lines = Encoding.ASCII.GetString(bytes.ToArray()).Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        var first = lines[0].Split(' ');
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var line in lines.Skip(1))
        {
            int colon = line.IndexOf(':');
            if (colon > 0) headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }
        return new LocalHttpRequest(first[0], first[1], headers);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try { _loop.Wait(TimeSpan.FromSeconds(5)); } catch (AggregateException) { }
        _listener.Dispose();
        _stop.Dispose();
    }
}
