using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Shouldly;
using TraceImport.Capture;
using TraceImport.Tests.Cli;
using Xunit;

namespace TraceImport.Tests.Web;

/// <summary>The page's redaction and capture endpoints through a real server, against the command they stand for.</summary>
public sealed class RedactApiTests(LocalServerFixture fixture) : IClassFixture<LocalServerFixture>
{
    private static readonly string Seed = Repository.Fixture("documents/seed-000-no-ftp-banner.txt");

    private Task<HttpResponseMessage> PostText(string path, string text) =>
        fixture.Client.PostAsync(new Uri(fixture.Server.Address, path), new StringContent(text, Encoding.UTF8, "text/plain"));

    private Task<HttpResponseMessage> PostCapture(string path, byte[] capture)
    {
        var content = new ByteArrayContent(capture);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        return fixture.Client.PostAsync(new Uri(fixture.Server.Address, path), content);
    }

    [Fact]
    public async Task The_redacted_text_is_what_redact_text_writes()
    {
        var response = await PostText("api/redact?output=text", File.ReadAllText(Seed));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        response.Content.Headers.ContentDisposition!.FileName!.Trim('"').ShouldBe("redacted.txt");
        var (exit, cli, error) = TraceimportProcess.Run(File.ReadAllText(Seed), "redact", "-", "-o", "-", "--text");
        exit.ShouldBe(0, error);
        (await response.Content.ReadAsStringAsync()).ShouldBe(cli);
    }

    [Fact]
    public async Task The_redacted_capture_holds_the_frames_redact_writes()
    {
        var response = await PostText("api/redact?output=pcapng", File.ReadAllText(Seed));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var folder = Directory.CreateTempSubdirectory("traceimport-redact-api-").FullName;
        try
        {
            var cli = Path.Combine(folder, "cli.pcapng");
            TraceimportProcess.Run(null, "redact", Seed, "-o", cli).ExitCode.ShouldBe(0);
            Frames(await response.Content.ReadAsByteArrayAsync()).ShouldBe(Frames(File.ReadAllBytes(cli)));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static List<string> Frames(byte[] capture) =>
        CaptureReader.Read(new MemoryStream(capture), "capture").Select(p => Convert.ToHexString(p.Data)).ToList();

    [Fact]
    public async Task The_table_says_what_was_replaced_and_redact_1_shows_the_redacted_packets()
    {
        var table = JsonNode.Parse(await (await PostText("api/redact?output=table", File.ReadAllText(Seed))).Content.ReadAsStringAsync())!;
        table["summary"]!.GetValue<string>().ShouldStartWith("11 packet(s) redacted");
        table["replacements"]!.AsArray().Select(r => $"{r!["original"]} {r["standIn"]}").ShouldContain("172.16.20.3 192.0.2.3");

        var listed = await (await PostText("api/list?redact=1", File.ReadAllText(Seed))).Content.ReadAsStringAsync();
        listed.ShouldContain("SYN from 192.0.2.1 port 1049 to 192.0.2.3 port 21");
        listed.ShouldNotContain("172.16.");
        var decoded = await (await PostText("api/decode?packet=1&redact=1", File.ReadAllText(Seed))).Content.ReadAsStringAsync();
        decoded.ShouldNotContain("192.168.130.29");
    }

    [Fact]
    public async Task Prefix_preserving_stand_ins_agree_between_requests_that_give_the_same_key()
    {
        async Task<string> Table(string key) =>
            await (await PostText($"api/redact?output=table&prefix-preserving=1&key={key}", File.ReadAllText(Seed))).Content.ReadAsStringAsync();
        var first = await Table("k1");
        (await Table("k1")).ShouldBe(first);
        first.ShouldNotContain("192.0.2.");
    }

    [Fact]
    public async Task A_capture_posted_as_one_is_listed_decoded_and_diagnosed()
    {
        var capture = await File.ReadAllBytesAsync(Repository.Fixture("captures/corpus/tcp-retransmission.pcap"));
        var listed = JsonNode.Parse(await (await PostCapture("api/list", capture)).Content.ReadAsStringAsync())!;
        listed["packets"]!.AsArray().Count.ShouldBe(CaptureReader.Read(new MemoryStream(capture), "c").Count());
        listed["regions"]![0]!["format"]!.GetValue<string>().ShouldBe("pcap");
        var diagnosis = await PostCapture("api/diagnose", capture);
        diagnosis.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await diagnosis.Content.ReadAsStringAsync()).ShouldContain("tcp-conversation");
    }

    [Fact]
    public async Task Text_posted_as_a_capture_is_refused_and_a_capture_cut_short_says_where()
    {
        (await PostCapture("api/list", Encoding.UTF8.GetBytes(await File.ReadAllTextAsync(Seed)))).StatusCode.ShouldBe(HttpStatusCode.UnsupportedMediaType);
        var capture = await File.ReadAllBytesAsync(Repository.Fixture("captures/tcp-handshake-nano.pcap"));
        var cut = await PostCapture("api/diagnose", capture[..(capture.Length - 5)]);
        cut.StatusCode.ShouldBe(HttpStatusCode.UnprocessableEntity);
        (await cut.Content.ReadAsStringAsync()).ShouldContain("the file ends inside packet");
    }
}
