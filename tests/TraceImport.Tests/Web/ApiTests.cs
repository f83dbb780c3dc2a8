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
    public async Task List_gives_what_the_page_lists_and_no_fields()
    {
        var text = File.ReadAllText(Seed);
        var response = await Post("api/list", text);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var rows = (await Json(response))["packets"]!.AsArray();
        var (_, cli, _) = TraceimportProcess.Run(text, "decode", "--output", "json");
        var decoded = JsonNode.Parse(cli)!["packets"]!.AsArray();

        rows.Count.ShouldBe(11);
        for (var i = 0; i < rows.Count; i++)
        {
            var (row, packet) = (rows[i]!.AsObject(), decoded[i]!.AsObject());
            foreach (var key in (string[])["number", "format", "heading", "linkType", "capturedLength", "originalLength", "time"])
            {
                JsonNode.DeepEquals(row[key], packet[key]).ShouldBeTrue($"packet {i + 1}: {key}");
            }
            var protocols = packet["layers"]!.AsArray().Select(l => (string)l!["protocol"]!).Where(p => p != "data").Distinct();
            ((string)row["protocols"]!).ShouldBe(string.Join('/', protocols), $"packet {i + 1}");
            row.ContainsKey("layers").ShouldBeFalse("the fields are fetched when a packet is opened");
            row.ContainsKey("bytes").ShouldBeFalse();
        }
        ((string)rows[1]!["protocols"]!).ShouldBe("ip/tcp");
        ((string)rows[10]!["summary"]!).ShouldBe("ICMP Network unreachable from 200.XXX.XXX.145 to 172.16.20.3 port 21", "the heading the text gave it");
    }

    [Fact]
    public async Task A_row_without_a_heading_is_summed_up_from_its_fields()
    {
        // Frame 1 of tcpdump's print-flags capture, as a hex stream from its IP header: no heading, no summary line.
        var pasted = "4500003c1b68400040062156" + "7f0000017f000001" + "da7000503758897e00000000a002ffd7fe300000020440000402080a4ddc9216000000000103030a";
        var row = (await Json(await Post("api/list", pasted + "\n")))["packets"]![0]!;
        ((string)row["protocols"]!).ShouldBe("ip/tcp");
        ((string)row["summary"]!).ShouldBe("127.0.0.1:55920 → 127.0.0.1:80 SYN");
    }

    [Fact]
    public async Task Decode_of_one_packet_is_what_decode_packet_gives()
    {
        var text = File.ReadAllText(Seed);
        var response = await Post("api/decode?packet=4", text);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var (_, cli, _) = TraceimportProcess.Run(text, "decode", "--output", "json", "--packet", "4");

        var api = WithoutFileNames((await Json(response))["packets"]!.DeepClone());
        JsonNode.DeepEquals(api, WithoutFileNames(JsonNode.Parse(cli)!["packets"]!.DeepClone())).ShouldBeTrue();
        api.AsArray().Single()!["number"]!.GetValue<int>().ShouldBe(4);
    }

    [Theory]
    [InlineData("api/decode?packet=12", HttpStatusCode.NotFound, "there is no packet 12: the text holds 11")]
    [InlineData("api/decode?packet=0", HttpStatusCode.BadRequest, "packet=0 is not a packet number (1, 2, …)")]
    [InlineData("api/decode?packet=x", HttpStatusCode.BadRequest, "packet=x is not a packet number (1, 2, …)")]
    public async Task A_packet_that_is_not_there_is_said_so(string path, HttpStatusCode status, string error)
    {
        var response = await Post(path, File.ReadAllText(Seed));
        response.StatusCode.ShouldBe(status);
        (await Json(response))["error"]!.GetValue<string>().ShouldBe(error);
    }

    [Fact]
    public async Task A_large_paste_streams_every_packet()
    {
        // About 3 MB: far past what the server holds back before its answer starts.
        var text = string.Concat(Enumerable.Repeat(File.ReadAllText(Repository.Fixture("tcpdump/print-x.out.txt")), 140));
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(fixture.Server.Address, "api/decode")) { Content = new StringContent(text, Encoding.UTF8, "text/plain") };
        var response = await fixture.Client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Headers.TransferEncodingChunked.ShouldBe(true, "the answer is streamed as it is written, not held whole");
        var answer = await Json(response);
        answer["packets"]!.AsArray().Count.ShouldBe(1400);
        answer["lines"]!["total"]!.GetValue<int>().ShouldBe(Importing.Text(text).Report.TotalLines);
    }

    [Fact]
    public async Task A_large_paste_without_a_trace_is_still_an_error()
    {
        var text = string.Concat(Enumerable.Repeat("The router dropped the packets again this morning.\n", 20_000));
        var response = await Post("api/list", text);
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await Json(response))["error"]!.GetValue<string>().ShouldStartWith("pasted text:1:1: error: no packet found in 20000 line(s)");
    }

    [Theory]
    [InlineData("utf-7")]
    [InlineData("x-no-such-charset")]
    public async Task A_charset_the_page_does_not_read_is_refused(string charset)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(File.ReadAllText(Seed)));
        content.Headers.TryAddWithoutValidation("Content-Type", $"text/plain; charset={charset}");

        var response = await fixture.Client.PostAsync(new Uri(fixture.Server.Address, "api/decode"), content);

        response.StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        (await Json(response))["error"]!.GetValue<string>().ShouldStartWith($"the charset {charset} is not one this page reads: send the text as UTF-8");
    }

    [Fact]
    public async Task Utf16_text_is_read_as_its_charset_says()
    {
        var content = new ByteArrayContent(Encoding.BigEndianUnicode.GetBytes(File.ReadAllText(Seed)));
        content.Headers.TryAddWithoutValidation("Content-Type", "text/plain; charset=utf-16be");
        var response = await fixture.Client.PostAsync(new Uri(fixture.Server.Address, "api/list"), content);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await Json(response))["packets"]!.AsArray().Count.ShouldBe(11);
    }

    [Fact]
    public async Task A_capture_file_posted_as_text_is_named()
    {
        var content = new ByteArrayContent(File.ReadAllBytes(Path.Combine(Repository.Fixtures, "captures", "loopback-http.pcap")));
        content.Headers.TryAddWithoutValidation("Content-Type", "text/plain");
        var response = await fixture.Client.PostAsync(new Uri(fixture.Server.Address, "api/list"), content);
        response.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await Json(response))["error"]!.GetValue<string>().ShouldBe("pasted text: this is a pcap capture file; open it with Wireshark");
    }

    [Theory]
    [InlineData("Origin: {self}\r\nOrigin: https://example.com", "400 Bad Request")]
    [InlineData("Origin: https://example.com\r\nOrigin: {self}", "400 Bad Request")]
    [InlineData("Origin: {self}\r\nOrigin: {self}", "400 Bad Request")]
    [InlineData("Origin: https://example.com, {self}", "403 Forbidden")]
    public async Task Several_origins_are_refused(string origins, string status)
    {
        // Two header lines, as no browser sends and HttpClient cannot: written by hand.
        var address = fixture.Server.Address;
        var body = "0000  45 00 00 14 00 00 00 00 40 06 00 00 7f 00 00 01 7f 00 00 01\n";
        using var client = new System.Net.Sockets.TcpClient();
        await client.ConnectAsync(address.Host, address.Port);
        using var stream = client.GetStream();
        var request = $"POST /api/list HTTP/1.1\r\nHost: {address.Authority}\r\n{origins.Replace("{self}", $"http://{address.Authority}")}\r\n" +
                      $"Content-Type: text/plain\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        var answer = await new StreamReader(stream).ReadToEndAsync();

        answer.ShouldStartWith($"HTTP/1.1 {status}");
        answer.ShouldNotContain("\"packets\"");
    }

    [Fact]
    public async Task Past_the_requests_it_works_on_and_queues_the_server_answers_503_with_Retry_After()
    {
        await using var server = await TraceImport.Web.LocalServer.StartAsync(new TraceImport.Web.LocalServerOptions { Port = 0, ConcurrentRequests = 1, QueuedRequests = 0 });
        // The first request takes the only place and keeps it: its body arrives only when released.
        var release = new TaskCompletionSource();
        var slow = fixture.Client.PostAsync(new Uri(server.Address, "api/list"), new HeldContent(File.ReadAllText(Seed), release.Task));

        HttpResponseMessage? refused = null;
        for (var attempt = 0; attempt < 100 && refused is null; attempt++)
        {
            await Task.Delay(50);
            var response = await fixture.Client.PostAsync(new Uri(server.Address, "api/diagnose"), new StringContent(File.ReadAllText(Seed), Encoding.UTF8, "text/plain"));
            if (response.StatusCode == HttpStatusCode.ServiceUnavailable) refused = response;
        }
        release.SetResult();

        refused.ShouldNotBeNull("a second request while the first holds the only place is turned away");
        refused.Headers.RetryAfter!.Delta.ShouldBe(TimeSpan.FromSeconds(2));
        (await Json(refused))["error"]!.GetValue<string>().ShouldBe("the server is busy with other pastes; try again in 2 s");
        (await slow).StatusCode.ShouldBe(HttpStatusCode.OK, "the first is answered once its body arrives");
    }

    /// <summary>A text/plain body sent only once its release completes.</summary>
    private sealed class HeldContent : HttpContent
    {
        private readonly string text;
        private readonly Task release;

        public HeldContent(string text, Task release)
        {
            (this.text, this.release) = (text, release);
            Headers.ContentType = new MediaTypeHeaderValue("text/plain");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.FlushAsync();
            await release;
            await stream.WriteAsync(Encoding.UTF8.GetBytes(text));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
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
        error["details"]!.AsArray().Count.ShouldBe(TraceImport.Grammars.FormatRegistry.All.Count, "one line per format");
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
