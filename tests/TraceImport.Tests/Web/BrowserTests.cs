using System.Diagnostics;
using Shouldly;
using Xunit;
using Xunit.Abstractions;

namespace TraceImport.Tests.Web;

/// <summary>
/// The page in headless Chromium: tests/e2e/seed-page.test.mjs and page-features.test.mjs, run by Node
/// against the servers of <see cref="LocalServerFixture"/>. Needs Debian's chromium and `npm ci` in
/// tests/e2e (.ci/run does both); the screenshots — the seed's ICMP packet, and the page at 360 and
/// 1280 px in light and dark mode — are left beside the test assembly and named in the test's output.
/// </summary>
public sealed class BrowserTests(LocalServerFixture fixture, ITestOutputHelper output) : IClassFixture<LocalServerFixture>
{
    private static readonly string Scripts = Path.Combine(Repository.Root, "tests", "e2e");

    public static string Screenshot => Path.Combine(AppContext.BaseDirectory, "page-seed-icmp.png");

    /// <summary>The page at each width and colour scheme the features test takes it in.</summary>
    public static IEnumerable<string> LayoutScreenshots =>
        from width in new[] { 360, 1280 } from scheme in new[] { "light", "dark" } select Path.Combine(AppContext.BaseDirectory, $"page-{width}-{scheme}.png");

    [Fact]
    public async Task The_page_passes_its_browser_tests()
    {
        File.Exists("/usr/bin/chromium").ShouldBeTrue("the browser tests need Debian's chromium: apt-get install -y chromium");
        Directory.Exists(Path.Combine(Scripts, "node_modules", "playwright-core")).ShouldBeTrue("the browser tests need playwright-core: npm ci --prefix tests/e2e");
        File.Delete(Screenshot);
        foreach (var screenshot in LayoutScreenshots) File.Delete(screenshot);

        var start = new ProcessStartInfo("node", ["--test", "--test-reporter=tap", "--test-concurrency=1", "seed-page.test.mjs", "page-features.test.mjs"])
        {
            WorkingDirectory = Scripts,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.Environment["TRACEIMPORT_URL"] = fixture.Server.Address.ToString();
        start.Environment["TRACEIMPORT_SMALL_URL"] = fixture.SmallServer.Address.ToString();
        start.Environment["TRACEIMPORT_SCREENSHOT"] = Screenshot;
        start.Environment["TRACEIMPORT_SCREENSHOTS"] = AppContext.BaseDirectory;
        using var node = Process.Start(start)!;
        var reading = Task.WhenAll(node.StandardOutput.ReadToEndAsync(), node.StandardError.ReadToEndAsync());
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(6));
        await node.WaitForExitAsync(limit.Token);
        var (report, error) = (await reading) is [var o, var e] ? (o, e) : ("", "");
        output.WriteLine(report);
        output.WriteLine(error);

        node.ExitCode.ShouldBe(0, report + error);
        report.ShouldContain("# pass 17");
        report.ShouldContain("# skipped 0");
        File.Exists(Screenshot).ShouldBeTrue();
        foreach (var screenshot in LayoutScreenshots)
        {
            File.Exists(screenshot).ShouldBeTrue();
            new FileInfo(screenshot).Length.ShouldBeGreaterThan(10_000, $"{screenshot} shows the page");
            output.WriteLine($"screenshot: {screenshot}");
        }
    }
}
