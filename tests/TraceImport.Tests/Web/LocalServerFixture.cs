using TraceImport.Web;
using Xunit;

namespace TraceImport.Tests.Web;

/// <summary>The page's server, for real, on a free loopback port; a second one with a 1 MB input limit.</summary>
public sealed class LocalServerFixture : IAsyncLifetime
{
    public const long SmallLimit = 1_000_000;

    public LocalServer Server { get; private set; } = null!;
    public LocalServer SmallServer { get; private set; } = null!;
    public HttpClient Client { get; } = new();

    public async Task InitializeAsync()
    {
        Server = await LocalServer.StartAsync(new LocalServerOptions { Port = 0 });
        SmallServer = await LocalServer.StartAsync(new LocalServerOptions { Port = 0, MaxInputBytes = SmallLimit });
    }

    public async Task DisposeAsync()
    {
        Client.Dispose();
        await Server.DisposeAsync();
        await SmallServer.DisposeAsync();
    }
}
