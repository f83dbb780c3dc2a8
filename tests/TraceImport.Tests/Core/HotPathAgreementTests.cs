using Shouldly;
using TraceImport.Grammars.Tcpdump;
using TraceImport.Grammars.Tshark;
using TraceImport.Text;
using Xunit;

namespace TraceImport.Tests.Core;

/// <summary>The hand-tuned row readers are the hot path; the grammars define the rows. Both must read every row alike.</summary>
public class HotPathAgreementTests
{
    public static TheoryData<string> RowFixtures() => new()
    {
        "tshark/loopback-http-x.txt", "tshark/loopback-http-P-x-t-ad.txt", "tshark/wireshark-print-text2pcap-hash-eol.txt",
        "tcpdump/print-x.out.txt", "tcpdump/print-xx.out.txt", "tcpdump/print-capX.out.txt", "tcpdump/print-capXX.out.txt",
        "tcpdump/print-X.2005-6405d334.out.txt", "tcpdump/unsupported-link-type-dbus.out.txt",
        "tcpdump/lkml-2004-andree-tcpdump-X-udp-bad-cksum.eml.txt", "tcpdump/constructed-cdp-lldp-v-x.txt",
    };

    [Theory]
    [MemberData(nameof(RowFixtures))]
    public void The_fast_row_reader_reads_what_the_grammar_reads(string fixture)
    {
        var rows = 0;
        foreach (var line in File.ReadLines(Repository.Fixture(fixture)))
        {
            if (TsharkGrammar.LooksLikeHexRow(line))
            {
                var grammar = TsharkGrammar.HexRow.ParseLine(line).Value;
                HexRunParser.TryReadOffset(line, 0, 4, 8, out var offset, out var end).ShouldBeTrue(line);
                offset.ShouldBe(grammar.Offset);
                Fast(line, end + 2, TsharkGrammar.RowBytes).ShouldBe(grammar.Bytes.Bytes, line);
                rows++;
            }
            else if (TcpdumpGrammar.LooksLikeHexLine(line))
            {
                var grammar = TcpdumpGrammar.HexLine.ParseLine(line).Value;
                var at = line.IndexOf("0x", StringComparison.Ordinal) + 2;
                HexRunParser.TryReadOffset(line, at, 1, 8, out var offset, out var end).ShouldBeTrue(line);
                offset.ShouldBe(grammar.Offset);
                Fast(line, end + 1, TcpdumpGrammar.LineBytes).ShouldBe(grammar.Bytes.Bytes, line);
                rows++;
            }
        }
        rows.ShouldBeGreaterThan(0);
    }

    /// <summary>The readers' scanner, which also says where a row breaks its layout: these rows do not.</summary>
    private static byte[] Fast(string line, int start, HexRunRules rules)
    {
        var builder = new PacketBuilder();
        HexRowScanner.Scan(line, start, rules, builder).IsDamaged.ShouldBeFalse(line);
        return builder.Build().Data;
    }
}
