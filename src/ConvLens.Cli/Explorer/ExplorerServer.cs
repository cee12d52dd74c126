using System.Net;
using ConvLens.Runtime;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace ConvLens.Cli.Explorer;

/// <summary>
/// The local explorer: an ASP.NET Core minimal API over one model, listening on the loopback address by
/// default. Start it with <see cref="StartAsync"/>; dispose it to stop (the network stays the caller's).
/// </summary>
public sealed class ExplorerServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private ExplorerServer(WebApplication app, ExplorerLab lab, Uri address)
    {
        _app = app;
        Lab = lab;
        Address = address;
    }

    /// <summary>The address it listens on (<c>http://127.0.0.1:port/</c>).</summary>
    public Uri Address { get; }

    /// <summary>The computations (tests count them).</summary>
    internal ExplorerLab Lab { get; }

    /// <summary>Starts serving <paramref name="network"/>.</summary>
    /// <exception cref="ConvLensException">The dataset folder does not exist, or the port is taken.</exception>
    public static async Task<ExplorerServer> StartAsync(Network network, ExplorerOptions options, CancellationToken cancellation = default)
    {
        if (options.Dataset is not null && !Directory.Exists(options.Dataset))
            throw new ConvLensException($"the dataset folder '{options.Dataset}' does not exist");
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(options.Host, options.Port);
            kestrel.Limits.MaxRequestBodySize = options.MaxUploadBytes + ExplorerEndpoints.FormOverhead;
        });
        var app = builder.Build();
        var lab = new ExplorerLab(network, options);
        app.Use(async (context, next) =>
        {
            // On the loopback address only local names may call: a web page whose name resolves to 127.0.0.1
            // (DNS rebinding) is refused, so a site in the browser cannot read the explorer.
            if (IPAddress.IsLoopback(options.Host) && context.Request.Host.Host is not ("127.0.0.1" or "localhost" or "[::1]" or "::1"))
            {
                context.Response.StatusCode = StatusCodes.Status421MisdirectedRequest;
                await context.Response.WriteAsync("the explorer answers only requests addressed to localhost");
                return;
            }
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; style-src 'unsafe-inline'; script-src 'unsafe-inline'; connect-src 'self'";
            await next(context);
        });
        ExplorerEndpoints.Map(app, lab);
        try
        {
            await app.StartAsync(cancellation);
        }
        catch (IOException e)
        {
            lab.Dispose();
            await app.DisposeAsync();
            throw new ConvLensException($"the explorer cannot listen on {options.Host}:{options.Port}: {e.Message} (choose another --port)");
        }
        var bound = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new ExplorerServer(app, lab, new Uri(bound.Replace("[::]", "localhost") + "/"));
    }

    /// <summary>Waits until <paramref name="cancellation"/> fires or the host is asked to stop (Ctrl+C, SIGTERM).</summary>
    public async Task WaitAsync(CancellationToken cancellation)
    {
        using var either = CancellationTokenSource.CreateLinkedTokenSource(cancellation, _app.Lifetime.ApplicationStopping);
        try { await Task.Delay(Timeout.Infinite, either.Token); }
        catch (OperationCanceledException) { }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        Lab.Dispose();
        await _app.DisposeAsync();
    }
}
