using Shouldly;
using TraceImport.Diagnosis;
using TraceImport.Model;
using Xunit;

namespace TraceImport.Tests.Diagnosis;

/// <summary>The datagrams an ICMP error's quote is matched against: the last ones only, newest first, by key.</summary>
public class RecentDatagramsTests
{
    private static QuoteKey Key(int i) => new("10.0.0.1", "10.0.0.2", 6, (ulong)i);

    private static Datagram Numbered(int number, QuoteKey key) =>
        new() { Key = key, Number = number, Source = new SourceSpan("t.txt", number, number), Format = "tshark" };

    [Theory]
    [InlineData(4, 6, 3)]
    [InlineData(3_000, 10_000, 7)] // past the ring's first length, and written over three times
    [InlineData(1_024, 1_024, 5)] // exactly full, nothing forgotten
    [InlineData(1_024, 1_025, 5)] // the first one forgotten
    public void Each_key_names_its_remembered_datagrams_newest_first_and_no_forgotten_one(int capacity, int count, int keys)
    {
        var recent = new RecentDatagrams(capacity);
        var all = new List<Datagram>();
        for (var n = 0; n < count; n++)
        {
            var datagram = Numbered(n, Key(n % keys));
            recent.Remember(datagram);
            all.Add(datagram);
        }
        var remembered = all.Skip(Math.Max(0, count - capacity)).ToList();
        for (var k = 0; k < keys; k++)
        {
            var expected = remembered.Where(d => d.Key == Key(k)).Reverse().Select(d => d.Number);
            recent.Named(Key(k)).Select(d => d.Number).ShouldBe(expected, $"key {k}");
        }
        recent.Named(Key(keys)).ShouldBeEmpty();
    }

    [Fact]
    public void A_key_whose_datagrams_were_all_written_over_names_none()
    {
        var recent = new RecentDatagrams(2);
        recent.Remember(Numbered(0, Key(1)));
        recent.Remember(Numbered(1, Key(2)));
        recent.Remember(Numbered(2, Key(2)));
        recent.Named(Key(1)).ShouldBeEmpty();
        recent.Named(Key(2)).Select(d => d.Number).ShouldBe([2, 1]);
        // The key of the one written over, given again: only the new one is named.
        recent.Remember(Numbered(3, Key(2)));
        recent.Remember(Numbered(4, Key(1)));
        recent.Named(Key(1)).Select(d => d.Number).ShouldBe([4]);
        recent.Named(Key(2)).Select(d => d.Number).ShouldBe([3]);
    }

    [Fact]
    public void Keys_of_forgotten_datagrams_are_let_go()
    {
        var recent = new RecentDatagrams(100);
        for (var n = 0; n < 10_000; n++) recent.Remember(Numbered(n, Key(n)));
        recent.Keys.ShouldBe(100);
    }
}
