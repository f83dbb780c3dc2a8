using Shouldly;
using TraceImport.Grammars.HexBlock;
using TraceImport.Text;
using Xunit;

namespace TraceImport.Tests.Grammars;

/// <summary>The row grammar of a hex block, part by part: the address and what may follow the words are measured by scanners.</summary>
public class HexBlockRowTests
{
    [Fact]
    public void An_address_a_colon_and_a_gap_come_before_a_memory_dump_s_words()
    {
        var row = HexBlockGrammar.Row.ParseLine("  0D98B870: 00E73554 08004500");
        row.Success.ShouldBeTrue(row.Error);
        row.Value.HasAddress.ShouldBeTrue();
        Convert.ToHexString(row.Value.Bytes.Bytes).ShouldBe("00E7355408004500");
    }

    [Fact]
    public void After_an_address_an_ascii_column_may_be_one_space_away()
    {
        var row = HexBlockGrammar.Row.ParseLine("0D98B870: 00E73554 08004500 ..5T..E.");
        row.Success.ShouldBeTrue(row.Error);
        row.Value.Bytes.Bytes.Length.ShouldBe(8);
    }

    [Theory]
    [InlineData("0D98B870:00E73554")] // no gap after the colon: not an address, and not a word
    [InlineData("0D98B870: ")] // an address with no words after it
    [InlineData("0D98B870:")]
    public void An_address_needs_a_gap_and_words_after_it(string line) =>
        HexBlockGrammar.Row.ParseLine(line).Success.ShouldBeFalse();

    [Fact]
    public void A_row_without_an_address_is_read_from_its_first_word()
    {
        var row = HexBlockGrammar.Row.ParseLine("003C7772 00003E06 0271C0A8 821DAC10");
        row.Success.ShouldBeTrue(row.Error);
        row.Value.HasAddress.ShouldBeFalse();
        Convert.ToHexString(row.Value.Bytes.Bytes).ShouldBe("003C777200003E060271C0A8821DAC10");
    }

    [Fact]
    public void Without_an_address_an_ascii_column_must_stand_two_spaces_away()
    {
        HexBlockGrammar.Row.ParseLine("45 00 00 3c 77 72  E..<wr").Success.ShouldBeTrue();
        HexBlockGrammar.Row.ParseLine("4500 003c   ").Success.ShouldBeTrue();

        var row = HexBlockGrammar.Row.ParseLine("4500 003c E..<");
        row.Success.ShouldBeFalse();
        row.Column.ShouldBe(10);
        row.Error.ShouldBe("expected an ASCII column two spaces after the words, or the end of the row, found ' E..<'");
    }

    [Fact]
    public void Masked_nibbles_in_a_row_are_kept_as_unknown()
    {
        var row = HexBlockGrammar.Row.ParseLine("XXXXXXXX 820EXXXX");
        row.Success.ShouldBeTrue(row.Error);
        row.Value.Bytes.UnknownNibbles.ShouldBe([0, 1, 2, 3, 4, 5, 6, 7, 12, 13, 14, 15]);
    }
}
