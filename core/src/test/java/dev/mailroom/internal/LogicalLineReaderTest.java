package dev.mailroom.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

final class LogicalLineReaderTest {

    private final List<String> warnings = new ArrayList<>();

    private List<LogicalLine> read(String text) {
        return LogicalLineReader.read(text, "t", warnings::add);
    }

    @Test
    void continuation_keepsLeadingWhitespace_andSkipsIndentedComment() {
        // vector A4 of POSTFIX-SEMANTICS.md
        List<LogicalLine> lines = read("multi   first\n  second\tthird\n   # indented comment\n  fourth\n");
        assertEquals(List.of(new LogicalLine(1, "multi   first  second\tthird  fourth")), lines);
    }

    @Test
    void leadingContinuation_isDroppedWithPostfixWarning() {
        // vector A8: the first 30 characters are quoted, then "..."
        List<LogicalLine> lines = read("   leading text that is quite long indeed\nk v\n");
        assertEquals(List.of(new LogicalLine(2, "k v")), lines);
        assertEquals(List.of("t: logical line must not start with whitespace: \"   leading text that is quite ...\""),
                warnings);
    }

    @Test
    void lineNumber_isFirstPhysicalLine_ofEachLogicalLine() {
        List<LogicalLine> lines = read("# c\n\na 1\n b\n\nc 2\n");
        assertEquals(List.of(new LogicalLine(3, "a 1 b"), new LogicalLine(6, "c 2")), lines);
    }

    @Test
    void crlfBlankLine_isSkipped_andCrStaysInText() {
        List<LogicalLine> lines = read("a b\r\n\r\nc d\n");
        assertEquals(List.of(new LogicalLine(1, "a b\r"), new LogicalLine(3, "c d")), lines);
    }

    @Test
    void hashInsideLine_isText() {
        assertEquals(List.of(new LogicalLine(1, "a = b # c")), read("a = b # c"));
    }

    @Test
    void decode_fallsBackToLatin1_forInvalidUtf8() {
        assertEquals("\u00e9", LogicalLineReader.decode(new byte[] {(byte) 0xc3, (byte) 0xa9}));
        assertEquals("\u00e9x", LogicalLineReader.decode(new byte[] {(byte) 0xe9, 'x'}));
    }
}
