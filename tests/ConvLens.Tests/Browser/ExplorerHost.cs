using ConvLens.Cli.Explorer;
using ConvLens.Runtime;

namespace ConvLens.Tests.Browser;

/// <summary>An explorer on a tiny classifier and a generated dataset, on a free loopback port, for one test.</summary>
internal sealed class ExplorerHost : IAsyncDisposable
{
    private ExplorerHost(Network network, ExplorerServer server, string dataset)
    {
        Network = network;
        Server = server;
        Dataset = dataset;
        Client = new HttpClient { BaseAddress = server.Address, Timeout = TimeSpan.FromMinutes(3) };
    }

    public Network Network { get; }

    public ExplorerServer Server { get; }

    public string Dataset { get; }

    public HttpClient Client { get; }

    /// <summary>Starts an explorer; the steps are few so a channel computes in seconds.</summary>
    public static async Task<ExplorerHost> StartAsync(long maxUploadBytes = 10 * 1024 * 1024, bool classifier = true)
    {
        var network = BrowserTestData.TinyVgg(classifier);
        var dataset = BrowserTestData.Gratings(8);
        var server = await ExplorerServer.StartAsync(network, new ExplorerOptions
        {
            Port = 0,
            ModelName = "tiny-vgg16",
            Dataset = dataset,
            MaxUploadBytes = maxUploadBytes,
            ChannelSteps = 6,
            AtlasSteps = 3,
            AtlasBatch = 16,
            CircuitSteps = 3,
            KernelTop = 4,
            TopK = 3,
        });
        return new ExplorerHost(network, server, dataset);
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        Network.Dispose();
    }
}
