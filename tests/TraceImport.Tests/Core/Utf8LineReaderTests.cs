using System.Text;
using Shouldly;
using TraceImport.Import;
using Xunit;

namespace TraceImport.Tests.Core;

/// <summary>
/// UTF-8 read as bytes gives the lines a <see cref="StreamReader"/> gives, whatever falls at a buffer's edge:
/// a CRLF, a character of several bytes, an invalid byte, a byte-order mark.
/// </summary>
public class Utf8LineReaderTests
{
    private static List<(string Text, long Length)> Lines(byte[] bytes, int bufferSize, int limit = BoundedLineReader.MaxLineLength)
    {
        using var reader = new Utf8LineReader(new MemoryStream(bytes), "test.txt", limit, bufferSize);
        var slot = new LineSlot();
        var lines = new List<(string, long)>();
        while (reader.TryReadLine(slot)) lines.Add((slot.Text, slot.OverlongLength > 0 ? slot.OverlongLength : slot.Text.Length));
        reader.Consumed.ShouldBe(bytes.Length, "every byte is consumed, line endings and byte-order mark included");
        return lines;
    }

    /// <summary>The oracle: what a StreamReader reading UTF-8 gives line by line.</summary>
    private static List<string> StreamReaderLines(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: false);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) lines.Add(line);
        return lines;
    }

    public static TheoryData<int> BufferSizes => [16, 17, 64, Utf8LineReader.DefaultBufferSize];

    [Theory]
    [MemberData(nameof(BufferSizes))]
    public void Lines_end_where_a_StreamReader_ends_them(int bufferSize)
    {
        foreach (var text in new[] { "", "a", "a\n", "a\r\nb\rc\n\nd", "\r\n\r\n", "a\r", "\n\r", "0000  45 00 00 3c\r\n0010  00 01\r\n" })
        {
            var bytes = Encoding.UTF8.GetBytes(text);
            Lines(bytes, bufferSize).Select(l => l.Text).ShouldBe(StreamReaderLines(bytes), $"\"{text}\"");
        }
    }

    [Theory]
    [MemberData(nameof(BufferSizes))]
    public void Random_texts_with_characters_of_every_width_and_invalid_bytes_split_as_a_StreamReader_splits_them(int bufferSize)
    {
        var random = new Random(4321);
        var pieces = new[] { "a", "0", " ", "\r", "\n", "\r\n", "é", "€", "😀" }.Select(Encoding.UTF8.GetBytes).Append([0xFF]).Append([0xE2, 0x82]).ToArray();
        for (var i = 0; i < 300; i++)
        {
            var bytes = Enumerable.Range(0, random.Next(0, 400)).SelectMany(_ => pieces[random.Next(pieces.Length)]).ToArray();
            Lines(bytes, bufferSize).Select(l => l.Text).ShouldBe(StreamReaderLines(bytes), $"text {i}: {Convert.ToHexString(bytes)}");
        }
    }

    [Fact]
    public void A_UTF8_byte_order_mark_is_not_part_of_the_first_line()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("0000  45 00\n")).ToArray();
        Lines(bytes, bufferSize: 16).ShouldBe([("0000  45 00", 11)]);
    }

    [Theory]
    [MemberData(nameof(BufferSizes))]
    public void A_line_over_the_limit_comes_back_as_its_start_and_its_length_in_characters(int bufferSize)
    {
        var text = "first\n" + string.Concat(Enumerable.Repeat("7€", 125_000)) + "\r\nlast";
        var lines = Lines(Encoding.UTF8.GetBytes(text), bufferSize, limit: 100_000);

        lines.Count.ShouldBe(3);
        lines[0].ShouldBe(("first", 5));
        lines[1].Length.ShouldBe(250_000);
        lines[1].Text.ShouldBe(string.Concat(Enumerable.Repeat("7€", BoundedLineReader.OverlongPreviewLength / 2)));
        lines[2].ShouldBe(("last", 4));
        Lines(Encoding.UTF8.GetBytes(new string('€', 100_000)), bufferSize, limit: 100_000).Single().Text.Length
            .ShouldBe(100_000, "a line of exactly the limit, in characters, is kept whole");
    }
}
