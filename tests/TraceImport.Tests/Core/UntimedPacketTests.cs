using Shouldly;
using TraceImport.Import;
using TraceImport.Tests.Oracle;
using Xunit;

namespace TraceImport.Tests.Core;

/// <summary>
/// A packet the text gives no time takes the time of the packet before it (or midnight of --date), is
/// flagged as untimed, and never makes the capture run backwards.
/// </summary>
public class UntimedPacketTests
{
    [Fact]
    public void Seed_000s_untimed_hex_blocks_take_the_time_of_the_record_before_them_and_the_capture_never_runs_backwards()
    {
        var text = File.ReadAllText(Repository.Fixture("documents/seed-000-no-ftp-banner.txt"));
        var options = new ImportOptions { Date = new DateOnly(2003, 4, 6) };
        var (path, _) = Conversion.ToPcapng(text, "seed-000", options);

        var times = TsharkReader.Frames(path).Select(f => decimal.Parse(f.EpochTime, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        times.Count.ShouldBe(11);
        times.ShouldBe(times.Order().ToList(), "the packets in the order the page gives them, times never going backwards");
        times.ShouldAllBe(t => t >= 1_049_587_200m, "nothing stamped 1970: --date is 2003-04-06");
        times.Skip(7).ShouldAllBe(t => t == times[6], "the four hex blocks take the last packet_monitor record's time");

        var blocks = Importing.Text(text, options).Packets.Skip(7).ToList();
        blocks.ShouldAllBe(p => p.Time!.Value.Inferred);
        blocks.ShouldAllBe(p => p.Comments.Contains("untimed in the source: given the time of the packet before it"));
    }

    [Fact]
    public void An_untimed_packet_before_any_timed_one_takes_midnight_of_the_date_given()
    {
        const string text = """
            000000000000000000000000080045000014000040004001000000000000
            12:00:00.5 IP 10.0.0.1 > 10.0.0.2: ICMP echo request
            	0x0000:  4500 0014 0000 4000 4001 26e9 0a00 0001
            	0x0010:  0a00 0002
            """;
        var packets = Importing.Text(text, new ImportOptions { Date = new DateOnly(2020, 2, 29), UtcOffset = TimeSpan.FromHours(1) }).Packets;
        packets.Count.ShouldBe(2);
        packets[0].Time.ShouldNotBeNull().ToString().ShouldBe("2020-02-28 23:00:00 UTC (date supplied) (untimed in the source)");
        packets[0].Comments.ShouldContain("untimed in the source: given midnight of --date 2020-02-29");
        packets[1].Time.ShouldNotBeNull().Inferred.ShouldBeFalse();
        packets[1].Time!.Value.UnixNanoseconds.ShouldBeGreaterThan(packets[0].Time!.Value.UnixNanoseconds);
    }

    [Fact]
    public void Without_a_date_or_a_packet_before_it_an_untimed_packet_stays_without_a_time()
    {
        var packet = Importing.Text("000000000000000000000000080045000014000040004001000000000000\n").Packets.ShouldHaveSingleItem();
        packet.Time.ShouldBeNull();
        packet.Comments.ShouldNotContain(c => c.StartsWith("untimed", StringComparison.Ordinal));
    }
}
