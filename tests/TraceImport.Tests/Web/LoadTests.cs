using System.Diagnostics;
using System.Net;
using System.Text.RegularExpressions;
using Shouldly;
using Xunit;
using Xunit.Abstractions;

namespace TraceImport.Tests.Web;

/// <summary>
/// 'traceimport serve' as its own process under load on loopback: 4 MB pastes, many at once, to
/// every endpoint. A bounded number of requests within a time limit; every answer is 200 or 503
/// with Retry-After, and the server's peak memory (VmHWM) stays under a bound far below what one
/// such paste cost when answers were built whole (about 190 MB for one, 460 MB for four at once;
/// bench/serve-load.sh gives the figures).
/// </summary>
public sealed class LoadTests(ITestOutputHelper output)
{
    private const long PeakMemoryBound = 300 * 1024 * 1024;

    private static readonly string[] Paths = ["api/list", "api/diagnose", "api/decode?packet=1", "api/convert", "api/decode"];

    [Fact]
    public async Task Many_large_pastes_at_once_are_answered_or_turned_away_in_bounded_memory()
    {
        var paste = string.Concat(Enumerable.Repeat(File.ReadAllText(Repository.Fixture("tcpdump/print-x.out.txt")), 186));
        paste.Length.ShouldBeInRange(3_900_000, 4_000_000);
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));

        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in (string[])[Path.Combine(AppContext.BaseDirectory, "traceimport.dll"), "serve", "--port", "0", "--max-input", "5"]) start.ArgumentList.Add(argument);
        using var server = Process.Start(start)!;
        try
        {
            var address = new Uri(Regex.Match(await server.StandardOutput.ReadLineAsync(limit.Token) ?? "", @"http://127\.0\.0\.1:\d+/").Value);
            using var client = new HttpClient { Timeout = TimeSpan.FromMinutes(2) };
            var body = System.Text.Encoding.UTF8.GetBytes(paste);

            // Steady: eight at a time, within what the server works on and queues. Then a burst past it.
            var steady = await Send(client, address, body, requests: 10, atOnce: 8, limit.Token);
            var burst = await Send(client, address, body, requests: 30, atOnce: 30, limit.Token);
            var peak = PeakMemory(server.Id);
            output.WriteLine($"steady: {Count(steady)}; burst: {Count(burst)}; server peak memory {peak / 1e6:0} MB");

            steady.ShouldAllBe(a => a.Status == HttpStatusCode.OK, "eight at once are within what the server works on and queues");
            burst.ShouldAllBe(a => a.Status == HttpStatusCode.OK || (a.Status == HttpStatusCode.ServiceUnavailable && a.RetryAfter == TimeSpan.FromSeconds(2)));
            burst.Count(a => a.Status == HttpStatusCode.OK).ShouldBeGreaterThanOrEqualTo(2);
            peak.ShouldBeLessThan(PeakMemoryBound);
        }
        finally
        {
            server.Kill();
            await server.WaitForExitAsync();
        }
    }

    private sealed record Answer(HttpStatusCode Status, TimeSpan? RetryAfter);

    private static async Task<List<Answer>> Send(HttpClient client, Uri server, byte[] body, int requests, int atOnce, CancellationToken cancellation)
    {
        using var places = new SemaphoreSlim(atOnce);
        var answers = await Task.WhenAll(Enumerable.Range(0, requests).Select(async i =>
        {
            await places.WaitAsync(cancellation);
            try
            {
                var content = new ByteArrayContent(body);
                content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("text/plain") { CharSet = "utf-8" };
                using var response = await client.PostAsync(new Uri(server, Paths[i % Paths.Length]), content, cancellation);
                await response.Content.CopyToAsync(Stream.Null, cancellation);
                return new Answer(response.StatusCode, response.Headers.RetryAfter?.Delta);
            }
            finally
            {
                places.Release();
            }
        }));
        return [.. answers];
    }

    private static string Count(List<Answer> answers) => string.Join(", ", answers.GroupBy(a => a.Status).Select(g => $"{(int)g.Key}×{g.Count()}"));

    /// <summary>The process's peak resident memory, from Linux's /proc.</summary>
    private static long PeakMemory(int process)
    {
        var line = File.ReadLines($"/proc/{process}/status").Single(l => l.StartsWith("VmHWM:", StringComparison.Ordinal));
        return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0]) * 1024;
    }
}
