using System.Net;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.HostFiltering;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.FileProviders;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace TraceImport.Web;

/// <summary>
/// The page and its API on 127.0.0.1 only: a pasted trace never leaves the machine. Requests must
/// name the loopback host and, when a browser sends an origin, come from the page itself, so
/// another site open in the same browser cannot use the server. The API's work (reading a
/// pasted trace) runs a few requests at a time; more wait in a short queue, and past it are
/// answered 503 with Retry-After, so memory stays bounded however many pastes arrive at once.
/// </summary>
public sealed class LocalServer : IAsyncDisposable
{
    private readonly WebApplication app;

    private LocalServer(WebApplication app, Uri address)
    {
        this.app = app;
        Address = address;
    }

    public Uri Address { get; }

    public static async Task<LocalServer> StartAsync(LocalServerOptions options, CancellationToken cancellation = default)
    {
        // Production, always: an unexpected error is answered as a one-line JSON error, never as a developer page with a stack trace.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { EnvironmentName = Environments.Production });
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, options.Port);
            kestrel.AddServerHeader = false;
            // The API reads the body itself and answers an oversized one with a message; this only stops a runaway upload.
            kestrel.Limits.MaxRequestBodySize = options.MaxInputBytes + 1_000_000;
        });
        builder.Services.Configure<HostFilteringOptions>(filtering => filtering.AllowedHosts = ["127.0.0.1", "localhost"]);
        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.AddConcurrencyLimiter(Api.HeavyWork, concurrency =>
            {
                concurrency.PermitLimit = options.ConcurrentRequests;
                concurrency.QueueLimit = options.QueuedRequests;
                concurrency.QueueProcessingOrder = QueueProcessingOrder.OldestFirst;
            });
            limiter.OnRejected = async (rejected, _) =>
            {
                rejected.HttpContext.Response.Headers.RetryAfter = options.RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await Api.Error(rejected.HttpContext.Response, StatusCodes.Status503ServiceUnavailable,
                    $"the server is busy with other pastes; try again in {options.RetryAfterSeconds} s");
            };
        });
        var app = builder.Build();

        app.UseHostFiltering();
        app.Use(async (context, next) =>
        {
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";
            headers.XContentTypeOptions = "nosniff";
            headers["Referrer-Policy"] = "no-referrer";
            await next(context);
        });
        var page = new EmbeddedFileProvider(typeof(LocalServer).Assembly, "TraceImport.Web.wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = page });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = page });
        app.UseRateLimiter();
        Api.Map(app, options);

        await app.StartAsync(cancellation);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new LocalServer(app, new Uri(address.Replace("[::1]", "127.0.0.1") + "/"));
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
