using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Shouldly;
using Xunit;

namespace TraceImport.Tests.Cli;

public sealed class ServeCommandTests
{
    private static Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "traceimport.dll"));
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        return Process.Start(start)!;
    }

    [Fact]
    public async Task Serve_prints_a_loopback_address_that_serves_the_page()
    {
        using var serve = Start("serve", "--port", "0");
        try
        {
            using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var line = await serve.StandardOutput.ReadLineAsync(limit.Token);
            var address = Regex.Match(line ?? "", @"http://127\.0\.0\.1:\d+/");
            address.Success.ShouldBeTrue($"the first line names the page: {line}");

            using var client = new HttpClient();
            var page = await client.GetAsync(address.Value);
            page.StatusCode.ShouldBe(HttpStatusCode.OK);
            (await page.Content.ReadAsStringAsync()).ShouldContain("<title>TraceImport</title>");
        }
        finally
        {
            serve.Kill();
            await serve.WaitForExitAsync();
        }
    }

    [Fact]
    public async Task A_port_in_use_is_a_usage_error_that_says_what_to_do()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;

        using var serve = Start("serve", "--port", port.ToString());
        var error = await serve.StandardError.ReadToEndAsync();
        await serve.WaitForExitAsync();

        serve.ExitCode.ShouldBe(2);
        error.ShouldContain($"traceimport: cannot serve on 127.0.0.1:{port}");
        error.ShouldContain("choose another port with --port");
    }
}
