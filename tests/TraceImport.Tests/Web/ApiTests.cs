using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Shouldly;
using TraceImport.Tests.Cli;
using TraceImport.Tests.Oracle;
using Xunit;

namespace TraceImport.Tests.Web;

/// <summary>The JSON API through a real server on loopback, checked against the command line it stands for.</summary>
public sealed class ApiTests(LocalServerFixture fixture) : IClassFixture<LocalServerFixture>
{
    private static readonly string Seed = Repository.Fixture("documents/seed-000-no-ftp-banner.txt");

    private async Task<HttpResponseMessage> Post(string path, string text, string contentType = "text/plain", Uri? server = null)
    {
        var content = new StringContent(text, Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue(contentType) { CharSet = "utf-8" };
        return await fixture.Client.PostAsync(new Uri(server ?? fixture.Server.Address, path), content);
    }

    private static async Task<JsonNode> Json(HttpResponseMessage response) => JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

    /// <summary>The file names differ (pasted text, stdin); everything else must not.</summary>
    private static JsonNode WithoutFileNames(JsonNode node)
    {
        switch (node)
        {
            case JsonObject o:
                o.Remove("file");
                if (o["source"] is JsonValue) o.Remove("source");
                foreach (var (_, child) in o.ToList()) if (child is not null) WithoutFileNames(child);
                break;
            case JsonArray a:
                foreach (var child in a) if (child is not null) WithoutFileNames(child);
                break;
        }
        return node;
    }

    [Fact]
    public async Task Decode_gives_the_packets_traceimport_decode_gives()
    {
        var text = File.ReadAllText(Seed);
        var response = await Post("api/decode", text);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var api = await Json(response);
        var (exitCode, cli, error) = TraceimportProcess.Run(text, "decode", "--output", "json");
        exitCode.ShouldBe(0, error);

        var apiPackets = WithoutFileNames(api["packets"]!.DeepClone());
        var cliPackets = WithoutFileNames(JsonNode.Parse(cli)!["packets"]!.DeepClone());
        apiPackets.AsArray().Count.ShouldBe(11);
        JsonNode.DeepEquals(apiPackets, cliPackets).ShouldBeTrue("the page's decode and 'traceimport decode --output json' must agree field for field");

        api["regions"]!.AsArray().Select(r => (string)r!["format"]!).ShouldBe(["packet-monitor", "hex-block", "hex-block", "hex-block", "hex-block"]);
        api["lines"]!["total"]!.GetValue<int>().ShouldBe(File.ReadAllLines(Seed).Length);
        api["packets"]![10]!["bytes"]!.GetValue<string>().ShouldStartWith("XXXXXXXX820eXXXXXXXX8e60", customMessage: "masked nibbles are X");
    }

    [Fact]
    public async Task Diagnose_gives_the_findings_traceimport_diagnose_gives()
    {
        var text = File.ReadAllText(Seed);
        var api = await Json(await Post("api/diagnose", text));
        var (exitCode, cli, error) = TraceimportProcess.Run(text, "diagnose", "-", "--output", "json");
        exitCode.ShouldBe(0, error);

        JsonNode.DeepEquals(WithoutFileNames(api.DeepClone()), WithoutFileNames(JsonNode.Parse(cli)!)).ShouldBeTrue();
        api["findings"]![0]!["code"]!.GetValue<string>().ShouldBe("server-greeting-missing");
    }

    [Fact]
    public async Task Convert_gives_the_pcapng_traceimport_convert_gives()
    {
        var text = File.ReadAllText(Seed);
        var response = await Post("api/convert", text);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentType!.MediaType.ShouldBe("application/x-pcapng");
        response.Content.Headers.ContentDisposition!.FileName!.Trim('"').ShouldBe("pasted.pcapng");
        var folder = Directory.CreateTempSubdirectory("traceimport-api-").FullName;
        try
        {
            var fromApi = Path.Combine(folder, "api.pcapng");
            var fromCli = Path.Combine(folder, "cli.pcapng");
            await File.WriteAllBytesAsync(fromApi, await response.Content.ReadAsByteArrayAsync());
            TraceimportProcess.Run(text, "convert", "-", "-o", fromCli).ExitCode.ShouldBe(0);

            var frames = TsharkReader.Frames(fromApi);
            frames.Count.ShouldBe(11);
            frames.ShouldBe(TsharkReader.Frames(fromCli));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task Text_over_the_limit_is_refused_with_a_message_naming_the_limit()
    {
        var response = await Post("api/decode", new string('0', (int)LocalServerFixture.SmallLimit + 1), server: fixture.SmallServer.Address);

        response.StatusCode.ShouldBe(HttpStatusCode.RequestEntityTooLarge);
        (await Json(response))["error"]!.GetValue<string>().ShouldStartWith("the text is larger than the 1 MB this page takes");
    }

    [Fact]
    public async Task Text_that_holds_no_trace_is_answered_with_file_line_column_and_the_formats_expected()
    {
        var response = await Post("api/decode", "The server stopped answering at noon.\n");

        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        var error = await Json(response);
        error["error"]!.GetValue<string>().ShouldBe("pasted text:1:1: error: no packet found in 1 line(s); expected one of:");
        error["details"]!.AsArray().Count.ShouldBe(8);
    }

    [Theory]
    [InlineData("application/json", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/x-www-form-urlencoded", HttpStatusCode.UnsupportedMediaType)]
    public async Task Only_plain_text_is_taken(string contentType, HttpStatusCode expected)
    {
        (await Post("api/decode", File.ReadAllText(Seed), contentType)).StatusCode.ShouldBe(expected);
    }

    [Fact]
    public async Task An_empty_paste_is_a_bad_request()
    {
        var response = await Post("api/diagnose", "  \n");
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await Json(response))["error"]!.GetValue<string>().ShouldStartWith("nothing was pasted");
    }

    [Fact]
    public async Task Another_site_in_the_same_browser_cannot_use_the_api()
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(fixture.Server.Address, "api/decode"))
        {
            Content = new StringContent(File.ReadAllText(Seed), Encoding.UTF8, "text/plain"),
        };
        request.Headers.Add("Origin", "https://example.com");

        var response = await fixture.Client.SendAsync(request);

        response.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
        response.Headers.Contains("Access-Control-Allow-Origin").ShouldBeFalse();
    }

    [Fact]
    public async Task A_request_for_another_host_name_is_refused()
    {
        // A DNS-rebinding page reaches 127.0.0.1 under its own name; the Host header gives it away.
        var request = new HttpRequestMessage(HttpMethod.Get, fixture.Server.Address);
        request.Headers.Host = "attacker.example";
        (await fixture.Client.SendAsync(request)).StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_server_listens_on_loopback_only_and_the_page_may_fetch_from_it_alone()
    {
        fixture.Server.Address.Host.ShouldBe("127.0.0.1");
        var page = await fixture.Client.GetAsync(fixture.Server.Address);

        page.StatusCode.ShouldBe(HttpStatusCode.OK);
        page.Content.Headers.ContentType!.MediaType.ShouldBe("text/html");
        page.Headers.GetValues("Content-Security-Policy").Single().ShouldStartWith("default-src 'self'");
        (await page.Content.ReadAsStringAsync()).ShouldContain("<script src=\"app.js\" defer></script>");
        (await fixture.Client.GetAsync(new Uri(fixture.Server.Address, "app.js"))).Content.Headers.ContentType!.MediaType.ShouldBe("text/javascript");
    }

    [Theory]
    [InlineData("etc/passwd")]
    [InlineData("..%2f..%2fREADME.md")]
    [InlineData("TraceImport.Web.wwwroot.app.js")]
    public async Task Nothing_but_the_page_s_own_files_is_served(string path)
    {
        (await fixture.Client.GetAsync(new Uri(fixture.Server.Address, path))).StatusCode.ShouldBe(HttpStatusCode.NotFound);
    }
}
