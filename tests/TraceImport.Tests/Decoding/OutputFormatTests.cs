using System.Text;
using System.Text.Json;
using Shouldly;
using TraceImport.Decoding;
using TraceImport.Output;
using Xunit;

namespace TraceImport.Tests.Decoding;

public class OutputFormatTests
{
    private static PacketDecode SeedIcmp() =>
        PacketDecoder.Decode(Importing.File(Repository.Fixture("documents/seed-000-no-ftp-banner.txt")).Packets.Where(p => p.Format == "hex-block").ElementAt(3));

    [Fact]
    public void Json_nests_the_quoted_datagram_inside_the_icmp_layer()
    {
        using var stream = new MemoryStream();
        using (var json = new DecodeJson(stream)) json.Write(SeedIcmp());
        using var document = JsonDocument.Parse(stream.ToArray());
        var packet = document.RootElement.GetProperty("packets")[0];
        packet.GetProperty("number").GetInt32().ShouldBe(11);
        packet.GetProperty("linkType").GetProperty("code").GetInt32().ShouldBe(1);
        var icmp = packet.GetProperty("layers").EnumerateArray().Single(l => l.GetProperty("protocol").GetString() == "icmp");
        var quoted = icmp.GetProperty("layers")[0];
        quoted.GetProperty("protocol").GetString().ShouldBe("ip");
        var id = quoted.GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "ip.id");
        (id.GetProperty("value").GetString(), id.GetProperty("offset").GetInt32(), id.GetProperty("status").GetString()).ShouldBe(("0x6280", 46, "ok"));
        var src = packet.GetProperty("layers")[1].GetProperty("fields").EnumerateArray().Single(f => f.GetProperty("name").GetString() == "ip.src");
        (src.GetProperty("raw").GetString(), src.GetProperty("status").GetString()).ShouldBe(("c8XXXX91", "masked"));
    }

    [Fact]
    public void Csv_has_a_row_per_field_with_the_documented_columns()
    {
        var text = new StringWriter();
        using (var csv = new DecodeCsv(text)) csv.Write(SeedIcmp());
        var lines = text.ToString().Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        lines[0].ShouldBe("packet,layer,depth,bit_offset,bit_length,field,label,raw,value,meaning,status,note");
        lines.ShouldContain("11,ip,1,208,32,ip.src,Source address,c8XXXX91,200.X.X.145,,masked,bytes 27-28 (masked)");
        lines.Length.ShouldBe(1 + SeedIcmp().AllFields().Count());
    }

    [Fact]
    public void Markdown_is_a_table_per_packet()
    {
        var text = new StringWriter();
        DecodeMarkdown.Write(text, SeedIcmp());
        var markdown = text.ToString();
        markdown.ShouldStartWith("### Packet 11: ICMP Network unreachable from 200.XXX.XXX.145 to 172.16.20.3 port 21");
        markdown.ShouldContain("| 26 | 4 | &nbsp;&nbsp;`ip.src` | `c8XXXX91` | 200.X.X.145 | masked | bytes 27-28 (masked) |");
    }
}
