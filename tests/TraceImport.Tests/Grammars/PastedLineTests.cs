using Shouldly;
using TraceImport.Grammars.VendorCli;
using Xunit;

namespace TraceImport.Tests.Grammars;

/// <summary>What terminals, pagers and web pages do to device output, undone before a grammar reads a line.</summary>
public class PastedLineTests
{
    [Theory]
    // A redraw by backspaces (FortiWeb's garbled command line): the terminal shows the last state.
    [InlineData("diag snif pack port1 \"\" 6\b\b\bp\" 6\b\b\bo\" 6\b\b\b", "diag snif pack port1 \"po\" 6")]
    // Erase to the end of the line, then new text (bash's history search).
    [InlineData("conf d\b\u001b[Kvdom", "conf vdom")]
    // A window title and colours show nothing.
    [InlineData("\u001b]0;oho@chaos: ~\u0007prompt$ \u001b[7mls\u001b[0m", "prompt$ ls")]
    // Delete and insert characters.
    [InlineData("abcdef\u001b[4D\u001b[2Px", "abxf")]
    [InlineData("abc\u001b[2D\u001b[1@X", "aXbc")]
    public void Terminal_control_is_replayed(string raw, string shown) => PastedLine.Clean(raw).ShouldBe(shown);

    [Theory]
    [InlineData(" --More-- \b\b\b\b\b\b\b\b\b\b          \b\b\b\b\b\b\b\b\b\b0F1A2C40: A0220204", "0F1A2C40: A0220204")]
    [InlineData("<--- More --->0x0030 0000", "0x0030 0000")]
    [InlineData("---(more 45%)---16:50:58.686002 Out", "16:50:58.686002 Out")]
    [InlineData("--More--", "")]
    public void Pager_prompts_are_dropped(string raw, string shown) => PastedLine.Clean(raw).ShouldBe(shown);

    [Theory]
    [InlineData("002451aefc00-&gt;00239c82b805/8100/0800", "002451aefc00->00239c82b805/8100/0800")]
    [InlineData("&lt;verbose&gt; &amp; &quot;x&quot;", "<verbose> & \"x\"")]
    [InlineData("00\u00a023\u00a09c", "00 23 9c")]
    public void Web_page_entities_and_no_break_spaces_are_decoded(string raw, string shown) => PastedLine.Clean(raw).ShouldBe(shown);

    [Fact]
    public void A_clean_line_is_returned_as_it_is()
    {
        const string line = "0x0000\t ffff ffff ffff 94de 8061 a404 0806 0001\t.........a......";
        PastedLine.Clean(line).ShouldBeSameAs(line);
    }

    [Theory]
    [InlineData("<--- More --->0x0030 0000")]
    [InlineData("---(more 45%)---16:50:58.686002 Out")]
    [InlineData("   --More--   8954069.0: ethernet0/1(i) len=70:")]
    [InlineData("--More--")]
    [InlineData("0x0000\t ffff ffff ffff 94de 8061 a404 0806 0001\t.........a......")]
    public void Cleaning_in_place_gives_what_Clean_gives(string raw)
    {
        PastedLine.TryCleanInPlace(raw, out var shown).ShouldBeTrue();
        shown.ToString().ShouldBe(PastedLine.Clean(raw));
    }

    [Theory]
    [InlineData("diag snif pack port1 \"\" 6\b\b\bp\" 6")]
    [InlineData("002451aefc00-&gt;00239c82b805/8100/0800")]
    [InlineData("00\u00a023\u00a09c")]
    public void A_line_only_Clean_can_undo_is_not_cleaned_in_place(string raw) => PastedLine.TryCleanInPlace(raw, out _).ShouldBeFalse();
}
