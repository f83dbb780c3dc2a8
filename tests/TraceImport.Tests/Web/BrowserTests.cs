using System.Diagnostics;
using Shouldly;
using Xunit;
using Xunit.Abstractions;

namespace TraceImport.Tests.Web;

/// <summary>
/// The page in headless Chromium: tests/e2e/seed-page.test.mjs, run by Node against the servers
/// of <see cref="LocalServerFixture"/>. Needs Debian's chromium and `npm ci` in tests/e2e (.ci/run
/// does both); the screenshot it takes of the seed's ICMP packet is left beside the test assembly.
/// </summary>
public sealed class BrowserTests(LocalServerFixture fixture, ITestOutputHelper output) : IClassFixture<LocalServerFixture>
{
    private static readonly string Scripts = Path.Combine(Repository.Root, "tests", "e2e");

    public static string Screenshot => Path.Combine(AppContext.BaseDirectory, "page-seed-icmp.png");

    [Fact]
    public async Task The_page_passes_its_browser_tests()
    {
        File.Exists("/usr/bin/chromium").ShouldBeTrue("the browser tests need Debian's chromium: apt-get install -y chromium");
        Directory.Exists(Path.Combine(Scripts, "node_modules", "playwright-core")).ShouldBeTrue("the browser tests need playwright-core: npm ci --prefix tests/e2e");
        File.Delete(Screenshot);

        var start = new ProcessStartInfo("node", ["--test", "--test-reporter=tap", "seed-page.test.mjs"])
        {
            WorkingDirectory = Scripts,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["TRACEIMPORT_URL"] = fixture.Server.Address.ToString();
        start.Environment["TRACEIMPORT_SMALL_URL"] = fixture.SmallServer.Address.ToString();
        start.Environment["TRACEIMPORT_SCREENSHOT"] = Screenshot;
        using var node = Process.Start(start)!;
        var reading = Task.WhenAll(node.StandardOutput.ReadToEndAsync(), node.StandardError.ReadToEndAsync());
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await node.WaitForExitAsync(limit.Token);
        var (report, error) = (await reading) is [var o, var e] ? (o, e) : ("", "");
        output.WriteLine(report);
        output.WriteLine(error);

        node.ExitCode.ShouldBe(0, report + error);
        report.ShouldContain("# pass 7");
        report.ShouldContain("# skipped 0");
        File.Exists(Screenshot).ShouldBeTrue();
    }
}
