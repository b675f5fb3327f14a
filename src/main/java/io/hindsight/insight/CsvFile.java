package io.hindsight.insight;

import org.apache.commons.text.StringEscapeUtils;

import java.util.List;

/**
 * A dataset as CSV (RFC 4180, CRLF line ends), quoted by Apache Commons Text. A cell that a spreadsheet would read as a
 * formula (starting with {@code = + - @}, a tab or a carriage return) gets a leading apostrophe first, so a tag or
 * service named {@code =HYPERLINK(…)} stays text when the file is opened (OWASP, CSV injection).
 */
final class CsvFile {

    private CsvFile() {
    }

    static String of(InsightDataset.Table table) {
        StringBuilder out = new StringBuilder();
        line(out, table.headers());
        for (List<String> row : table.rows()) {
            line(out, row);
        }
        return out.toString();
    }

    private static void line(StringBuilder out, List<String> cells) {
        for (int i = 0; i < cells.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(StringEscapeUtils.escapeCsv(neutralise(cells.get(i))));
        }
        out.append("\r\n");
    }

    /** Text that a spreadsheet would evaluate becomes plain text; numbers we wrote ourselves are never negative. */
    static String neutralise(String cell) {
        if (cell.isEmpty()) {
            return cell;
        }
        char first = cell.charAt(0);
        return first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r' ? "'" + cell : cell;
    }
}
