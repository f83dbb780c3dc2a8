using Shouldly;
using TraceImport.Import;
using TraceImport.Model;
using Xunit;

namespace TraceImport.Tests.Core;

public class TimeResolverTests
{
    private const long Hour = 3600L * CaptureTime.NanosecondsPerSecond;

    [Fact]
    public void A_time_of_day_without_a_date_is_dated_1970_01_01_and_marked_assumed()
    {
        var times = new TimeResolver(new ImportOptions());
        var time = times.FromTimeOfDay(16 * Hour, 3);
        time.ToString().ShouldBe("1970-01-01 16:00:00.000 UTC (date assumed)");
        times.DateWasAssumed.ShouldBeTrue();
    }

    [Fact]
    public void A_supplied_date_and_zone_offset_give_utc()
    {
        var times = new TimeResolver(new ImportOptions { Date = new DateOnly(2003, 4, 6), UtcOffset = TimeSpan.FromHours(-5) });
        times.FromTimeOfDay(16 * Hour, 0).ToString().ShouldBe("2003-04-06 21:00:00 UTC (date supplied)");
        times.DateWasAssumed.ShouldBeFalse();
    }

    [Fact]
    public void Time_running_back_past_midnight_moves_to_the_next_day()
    {
        var times = new TimeResolver(new ImportOptions { Date = new DateOnly(2003, 4, 6) });
        times.FromTimeOfDay(23 * Hour + 59 * 60 * CaptureTime.NanosecondsPerSecond, 0);
        times.FromTimeOfDay(0, 0).ToString().ShouldBe("2003-04-07 00:00:00 UTC (date supplied)");
    }

    [Fact]
    public void Packets_slightly_out_of_order_stay_on_the_same_day()
    {
        var times = new TimeResolver(new ImportOptions { Date = new DateOnly(2003, 4, 6) });
        times.FromTimeOfDay(10 * Hour, 0);
        times.FromTimeOfDay(9 * Hour, 0).ToString().ShouldBe("2003-04-06 09:00:00 UTC (date supplied)");
    }
}

public class LinkTypeGuessTests
{
    private const string Ipv4Header = "4500003c1b6840004006215 27f0000017f000001";

    private static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", ""));

    [Fact]
    public void An_ipv4_header_whose_checksum_holds_is_raw_ip()
    {
        var packet = Hex(Ipv4Header + "da700050" + new string('0', 80));
        LinkTypeGuess.Guess(packet, null).ShouldBe(LinkType.RawIp);
    }

    [Fact]
    public void A_frame_with_ethertype_0800_and_an_ipv4_header_after_it_is_ethernet()
    {
        var frame = Hex("000000000000000000000000" + "0800" + Ipv4Header + new string('0', 80));
        LinkTypeGuess.Guess(frame, null).ShouldBe(LinkType.Ethernet);
    }

    [Fact]
    public void An_ipv4_header_with_a_wrong_checksum_but_the_right_length_is_still_raw_ip()
    {
        // The seed 002 case: a router wrote checksum 0xffff.
        var packet = Hex("45000028 8a220000 3906ffff ac10376a ac1033fc" + "0000000000000000000000000000000000000000");
        LinkTypeGuess.Guess(packet, null).ShouldBe(LinkType.RawIp);
    }

    [Fact]
    public void Masked_mac_addresses_do_not_hide_the_ethertype()
    {
        var frame = Hex("000000008 20e000000008e60 08004500" + "003c777200003e060271c0a8821dac10" + new string('0', 40));
        var unknown = new KnownMask(frame.Length);
        for (var nibble = 0; nibble < 8; nibble++) unknown.MarkUnknown(nibble);
        LinkTypeGuess.Guess(frame, unknown).ShouldBe(LinkType.Ethernet);
    }
}
