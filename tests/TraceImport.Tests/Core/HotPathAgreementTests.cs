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

    public static TheoryData<int, int, int> Layouts() => new()
    {
        { 2, 3, 16 }, // tshark
        { 4, 2, 16 }, // tcpdump
        { 2, 3, 0 },  // od, hexdump -C
        { 2, 2, 16 }, // FortiGate's byte columns
    };

    /// <summary>
    /// The plain-row fast path and the general path read every row alike: rows printed as the formats
    /// print them, then damaged (a digit replaced, masked, dropped or doubled, blanks changed, a character outside
    /// ASCII whose low byte is a digit's, text after).
    /// </summary>
    [Theory]
    [MemberData(nameof(Layouts))]
    public void The_plain_row_fast_path_reads_what_the_general_path_reads(int digits, int gap, int maxBytes)
    {
        var rules = new HexRunRules(TokenDigits: digits, GapEndsRun: gap, AllowMask: true, MaxBytes: maxBytes);
        var random = new Random(20260601 + digits * 100 + gap * 10 + maxBytes);
        var plain = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var row = RandomRow(random, digits, gap);
            foreach (var textEndsRow in new[] { false, true })
            {
                var (fast, general) = (new PacketBuilder(), new PacketBuilder());
                if (!HexRowScanner.TryScanPlain(row, 0, rules, fast, out var fastScan)) continue;
                plain++;
                var generalScan = HexRowScanner.ScanGeneral(row, 0, rules, general, textEndsRow);
                fastScan.ShouldBe(generalScan, $"'{row}'");
                fast.Build().Data.ShouldBe(general.Build().Data, $"'{row}'");
                general.HasUnknown.ShouldBeFalse($"'{row}'");
            }
        }
        plain.ShouldBeGreaterThan(5_000, "most rows are plain");
    }

    private static string RandomRow(Random random, int digits, int gap)
    {
        // Half the rows full or nearly (sixteen bytes, the vector path's shape), half short.
        var groups = random.Next(2) == 0 ? random.Next(0, 10) : 32 / digits + random.Next(-1, 2);
        var text = new System.Text.StringBuilder(new string(' ', random.Next(0, 3)));
        for (var g = 0; g < groups; g++)
        {
            var width = digits == 4 && random.Next(8) == 0 ? 2 : digits;
            for (var d = 0; d < width; d++) text.Append("0123456789abcdefABCDEF"[random.Next(22)]);
            text.Append(g + 1 < groups ? " " : "");
        }
        if (random.Next(3) == 0) text.Append(new string(' ', random.Next(1, gap + 2))).Append(random.Next(2) == 0 ? "E..<.h@.@" : "|cafe babe|");
        var chars = text.ToString().ToCharArray().ToList();
        switch (random.Next(8))
        {
            case 0 when chars.Count > 0: chars[random.Next(chars.Count)] = "Xxz.\t \u0131\u0661"[random.Next(8)]; break;
            case 1 when chars.Count > 0: chars.RemoveAt(random.Next(chars.Count)); break;
            case 2 when chars.Count > 0: chars.Insert(random.Next(chars.Count), chars[random.Next(chars.Count)]); break;
        }
        return new string(chars.ToArray());
    }

    /// <summary>The readers' scanner, which also says where a row breaks its layout: these rows do not.</summary>
    private static byte[] Fast(string line, int start, HexRunRules rules)
    {
        var builder = new PacketBuilder();
        HexRowScanner.Scan(line, start, rules, builder).IsDamaged.ShouldBeFalse(line);
        return builder.Build().Data;
    }
}
