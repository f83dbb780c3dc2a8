using System.Text;
using Shouldly;
using TraceImport.Grammars;
using TraceImport.Import;
using Xunit;

namespace TraceImport.Tests.Core;

/// <summary>Lines are read in bounded pieces, and what is not text is named before it is read as text.</summary>
public class BoundedLineReaderTests
{
    private static List<(string Text, long Length)> Lines(string text, int limit = BoundedLineReader.MaxLineLength)
    {
        var reader = new BoundedLineReader(new StringReader(text), limit);
        var lines = new List<(string, long)>();
        while (reader.TryReadLine(out var line, out var length)) lines.Add((line, length));
        return lines;
    }

    internal static List<string> ReadLines(string text)
    {
        var reader = new StringReader(text);
        var lines = new List<string>();
        while (reader.ReadLine() is { } line) lines.Add(line);
        return lines;
    }

    [Theory]
    [InlineData("")]
    [InlineData("a")]
    [InlineData("a\n")]
    [InlineData("a\r\nb\rc\n\nd")]
    [InlineData("\r\n\r\n")]
    [InlineData("a\r")]
    [InlineData("\n\r")]
    public void Lines_end_where_ReadLine_ends_them(string text) =>
        Lines(text).Select(l => l.Text).ShouldBe(ReadLines(text));

    [Fact]
    public void A_CRLF_split_between_two_buffers_is_one_line_ending()
    {
        // The reader's buffer holds 65,536 characters: put the CR last in it and the LF first in the next.
        var text = new string('a', 65_535) + "\r\nb\r\n";
        Lines(text).Select(l => l.Text.Length).ShouldBe([65_535, 1]);
    }

    [Fact]
    public void Random_texts_split_as_ReadLine_splits_them()
    {
        var random = new Random(1234);
        for (var i = 0; i < 200; i++)
        {
            var text = new string(Enumerable.Range(0, random.Next(0, 200_000)).Select(_ => "ab\r\n "[random.Next(5)]).ToArray());
            Lines(text).Select(l => l.Text).ShouldBe(ReadLines(text), $"text {i}");
        }
    }

    [Fact]
    public void A_line_over_the_limit_comes_back_as_its_start_and_its_length()
    {
        var text = "first\n" + new string('7', 250_000) + "\nlast";
        var lines = Lines(text, limit: 100_000);

        lines.Count.ShouldBe(3);
        lines[1].Length.ShouldBe(250_000);
        lines[1].Text.ShouldBe(new string('7', BoundedLineReader.OverlongPreviewLength));
        lines[2].ShouldBe(("last", 4));
        Lines(new string('7', 100_000), limit: 100_000).Single().Text.Length.ShouldBe(100_000, "a line of exactly the limit is kept whole");
    }

    [Fact]
    public void An_overlong_line_is_skipped_with_its_length_and_the_trace_around_it_is_read()
    {
        var trace = File.ReadAllText(Repository.Fixture("tcpdump/print-x.out.txt"));
        var lines = trace.Split('\n');
        var text = string.Join('\n', lines.Take(3)) + "\n" + new string('0', 3_000_000) + "\n" + string.Join('\n', lines.Skip(3));

        var (packets, report) = Importing.Text(text, name: "long.txt");

        var skipped = report.Skipped.ShouldHaveSingleItem();
        skipped.Line.ShouldBe(4);
        skipped.Reason.ShouldBe("a line of 3,000,000 characters, longer than the 1,000,000 a line may have; not read");
        skipped.Text.Length.ShouldBe(BoundedLineReader.OverlongPreviewLength);
        report.TotalLines.ShouldBe(ReadLines(trace).Count + 1);
        (report.UsedLines + report.BlankLines + report.ProseLines + report.SkippedLines).ShouldBe(report.TotalLines);
        packets.Count.ShouldBe(Importing.Text(trace).Packets.Count, "the line lands between two packets' rows and costs none");
    }
}

public class TextInputTests
{
    private static TextInput.Opened Open(byte[] bytes, Encoding? declared = null) => TextInput.Open(new NonSeekable(bytes), "input", declared);

    private static string Read(byte[] bytes, Encoding? declared = null) => Open(bytes, declared).Reader.ReadToEnd();

    [Theory]
    [InlineData("d4c3b2a1", "this is a pcap capture file; open it with Wireshark")]
    [InlineData("a1b2c3d4", "this is a pcap capture file; open it with Wireshark")]
    [InlineData("4d3cb2a1", "this is a pcap capture file (nanosecond); open it with Wireshark")]
    [InlineData("0a0d0d0a", "this is a pcapng capture file; open it with Wireshark")]
    [InlineData("736e6f6f70000000", "this is a snoop capture file (binary, not snoop's printout); open it with Wireshark")]
    public void Captures_and_archives_are_named_by_their_magic_number(string magic, string message)
    {
        var bytes = Convert.FromHexString(magic).Concat(new byte[100]).ToArray();
        Should.Throw<NotTextException>(() => Open(bytes)).Message.ShouldBe(message);
    }

    [Fact]
    public void A_real_capture_file_is_named()
    {
        var bytes = File.ReadAllBytes(Path.Combine(Repository.Fixtures, "captures", "loopback-http.pcap"));
        Should.Throw<NotTextException>(() => Open(bytes)).Message.ShouldStartWith("this is a pcap capture file");
    }

    [Fact]
    public void Binary_data_is_refused_at_its_first_NUL()
    {
        var bytes = "0000  45 00\n"u8.ToArray().Concat(new byte[200_000]).ToArray();
        Should.Throw<NotTextException>(() => Open(bytes)).Message
            .ShouldBe("this is binary data, not text (a NUL byte at offset 12); if it is a capture, open it with Wireshark");
    }

    [Fact]
    public void A_NUL_past_the_first_kilobytes_is_left_to_the_grammars()
    {
        var bytes = Encoding.ASCII.GetBytes(new string('a', TextInput.SniffLength) + "\0b");
        Read(bytes).Length.ShouldBe(TextInput.SniffLength + 2);
    }

    [Theory]
    [InlineData("utf-16LE")]
    [InlineData("utf-16BE")]
    [InlineData("utf-32LE")]
    [InlineData("utf-32BE")]
    public void Unicode_without_a_byte_order_mark_is_recognised_and_said(string name)
    {
        var text = File.ReadAllText(Repository.Fixture("documents/seed-000-no-ftp-banner.txt"));
        var encoding = Encoding.GetEncoding(name);

        var opened = Open(encoding.GetBytes(text));

        opened.Reader.ReadToEnd().ShouldBe(text);
        opened.Note.ShouldBe($"it has no byte-order mark but its zero bytes fall as {name.ToUpperInvariant()}'s do; read as {name.ToUpperInvariant()}");
    }

    [Fact]
    public void A_byte_order_mark_decides_without_a_note()
    {
        var text = "0x0000:  4500 0054\n";
        var opened = Open([.. Encoding.Unicode.GetPreamble(), .. Encoding.Unicode.GetBytes(text)]);
        opened.Reader.ReadToEnd().ShouldBe(text);
        opened.Note.ShouldBeNull();
    }

    [Fact]
    public void Latin1_text_is_text()
    {
        // A Sniffer decode's ASCII column prints Latin-1 characters: bytes over 0x7F, no NUL.
        var bytes = Encoding.Latin1.GetBytes("ADDR HEX                                           ASCII\n0000: 00 e0 |.à\n");
        Read(bytes).ShouldContain("0000: 00 e0");
    }

    [Fact]
    public void Text_longer_than_what_is_looked_at_reads_back_whole()
    {
        var text = string.Concat(Enumerable.Range(0, 5000).Select(i => $"{i:x4}  45 00 00 54\n"));
        Read(Encoding.UTF8.GetBytes(text)).ShouldBe(text);
    }

    [Fact]
    public void A_declared_charset_is_used_and_nothing_is_guessed()
    {
        var text = "0000  45 00\n";
        Read(Encoding.BigEndianUnicode.GetBytes(text), Encoding.BigEndianUnicode).ShouldBe(text);
    }

    [Fact]
    public void The_formats_still_read_what_is_opened()
    {
        var text = File.ReadAllText(Repository.Fixture("documents/seed-000-no-ftp-banner.txt"));
        using var reader = Open(new UnicodeEncoding(bigEndian: false, byteOrderMark: false).GetBytes(text)).Reader;
        new DocumentImporter(FormatRegistry.All).Import(reader, "seed", new ImportOptions(), _ => { }).Packets.ShouldBe(11);
    }

    /// <summary>Standard input cannot seek: what is looked at must be replayed, not re-read.</summary>
    private sealed class NonSeekable(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    }
}
