using Shouldly;
using TraceImport.Decoding;
using TraceImport.Redaction;
using Xunit;

namespace TraceImport.Tests.Redaction;

/// <summary>Addresses and names printed in text: found in each way people print them, replaced in kind, and inside a packet at the same length.</summary>
public class TextScrubberTests
{
    private static (TextScrubber Scrubber, RedactionMap Map) Scrubber(params string[] learned)
    {
        var map = new RedactionMap(new RedactionOptions());
        var scrubber = new TextScrubber(map);
        foreach (var text in learned) scrubber.Learn(text);
        return (scrubber, map);
    }

    [Fact]
    public void Every_printed_form_is_replaced_in_kind()
    {
        var (scrubber, map) = Scrubber();
        scrubber.Replace("IP 172.16.20.3.21 > 10.1.2.3.1049: Flags [S.]").ShouldBe("IP 192.0.2.1.21 > 192.0.2.2.1049: Flags [S.]");
        scrubber.Replace("from 200.XXX.XXX.145 to 172.16.20.3").ShouldBe("from 192.XXX.XXX.3 to 192.0.2.1", "the author's masked octets stay as written");
        scrubber.Replace("00:0C:29:AD:25:66 and 00-0c-29-ad-25-66 and 000c.29ad.2566").ShouldBe("02:00:00:00:00:01 and 02-00-00-00-00-01 and 0200.0000.0001");
        scrubber.Replace("fe80::29bc:74b9:1606:ebc > ff02::1:ff06:ebc: icmp6").ShouldNotContain("ebc");
        scrubber.Replace("220 fs.nuts.com FTP server ready").ShouldNotContain("nuts");
        map.NotNames.Add("ip.id"); // the decoder's field names, which the redactor learns from every decode
        scrubber.Replace("ip.id and tcp.flags.ack are field names, index.html a file, 12:34:56.789 a time").ShouldBe("ip.id and tcp.flags.ack are field names, index.html a file, 12:34:56.789 a time");
    }

    [Fact]
    public void Inside_a_packet_every_stand_in_keeps_the_length_of_what_it_replaces()
    {
        var (scrubber, map) = Scrubber("227 Entering Passive Mode (10,0,0,1,4,5)", "PORT 172,16,20,3,4,26", "EHLO mail.nuts.com");
        foreach (var line in new[] { "227 Entering Passive Mode (10,0,0,1,4,5)", "PORT 172,16,20,3,4,26", "EHLO mail.nuts.com", "Host: 172.16.20.3:8080" })
        {
            var bytes = System.Text.Encoding.Latin1.GetBytes(line);
            scrubber.ReplaceInPlace(bytes, prose: true);
            var replaced = System.Text.Encoding.Latin1.GetString(bytes);
            replaced.Length.ShouldBe(line.Length);
            replaced.ShouldNotContain("172,16,20,3");
            replaced.ShouldNotContain("172.16.20.3");
            replaced.ShouldNotContain("nuts");
            replaced.ShouldNotContain("10,0,0,1");
        }
        var text = System.Text.Encoding.Latin1.GetBytes("PORT 172,16,20,3,4,26");
        scrubber.ReplaceInPlace(text, prose: true);
        System.Text.Encoding.Latin1.GetString(text).ShouldBe("PORT 192,0,2,002,4,26", "172.16.20.3 is the second address learned; padded with zeros to its length");
        map.Table.Single(r => r.Original == "10.0.0.1").Pseudonym.ShouldBe("192.0.2.1");
        var passive = System.Text.Encoding.Latin1.GetBytes("(10,0,0,1,4,5)");
        scrubber.ReplaceInPlace(passive, prose: true);
        System.Text.Encoding.Latin1.GetString(passive).ShouldBe("(xx,x,x,x,4,5)", "192,0,2,1 is longer than 10,0,0,1: its digits are blanked");
    }

    [Fact]
    public void In_binary_data_only_names_learned_elsewhere_are_taken_for_names()
    {
        var (scrubber, _) = Scrubber("query www.corpus.test");
        var data = System.Text.Encoding.Latin1.GetBytes("g.xJ\u000fca.www.corpus.test0");
        scrubber.ReplaceInPlace(data, prose: false);
        var text = System.Text.Encoding.Latin1.GetString(data);
        text.ShouldStartWith("g.xJ", Case.Sensitive, "chance printable bytes are left alone");
        text.ShouldNotContain("corpus");
    }
}
