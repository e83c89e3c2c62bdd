package se.pks.stream.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.DecimalNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The CSV upload format of plans and events: a header line naming the columns, then one record per line, turned
 * into the same JSON objects the validators check on the other paths. Made for files saved from a spreadsheet: a
 * UTF-8 byte order mark, CRLF line ends, quoted cells, extra columns (ignored, so no free text is taken in), and the
 * semicolon separator with decimal comma of a Swedish Excel are all accepted. The limits keep one upload within what
 * one request should hold.
 */
final class CsvRows {

    static final List<String> PLAN_COLUMNS =
            List.of("unitId", "measure", "planKind", "granularity", "periodStart", "value");

    /**
     * One data line: its number in the file (the header is line 1, as a spreadsheet numbers rows), and either the
     * record as JSON for the validator or why the line could not even be split into cells.
     */
    record Row(int number, ObjectNode fields, String unreadable) {
    }

    /**
     * Which columns the header must name, which it may name, and which hold numbers, integers or true/false rather
     * than text.
     */
    record Columns(List<String> required, List<String> optional, Set<String> numbers, Set<String> integers,
                   Set<String> booleans) {

        List<String> all() {
            final List<String> all = new ArrayList<>(required);
            all.addAll(optional);
            return all;
        }
    }

    /** Where each known column is, and how many cells the header has (extra columns are ignored). */
    private record Header(Map<String, Integer> columns, int width) {
    }

    private final int maxBytes;
    private final int maxRows;
    private final Columns columns;

    CsvRows(final int maxBytes, final int maxRows, final Columns columns) {
        this.maxBytes = maxBytes;
        this.maxRows = maxRows;
        this.columns = columns;
    }

    static CsvRows plans(final int maxBytes, final int maxRows) {
        return new CsvRows(maxBytes, maxRows, new Columns(PLAN_COLUMNS, List.of(), Set.of("value"), Set.of(),
                Set.of()));
    }

    List<Row> read(final InputStream body) throws IOException {
        final byte[] bytes = body.readNBytes(maxBytes + 1);
        if (bytes.length > maxBytes) {
            throw ProblemException.tooLarge("The file is larger than " + maxBytes + " bytes; split it, e.g. by "
                    + "organisation or half-year");
        }
        final String[] lines = decode(bytes).split("\r\n|\n|\r", -1);
        if (lines[0].isBlank()) {
            throw ProblemException.invalid("header", "is missing; the first line must be "
                    + String.join(",", columns.required()));
        }
        // A Swedish Excel writes ';' between cells, since ',' is its decimal separator.
        final char separator = lines[0].indexOf(';') >= 0 && lines[0].indexOf(',') < 0 ? ';' : ',';
        final Header header = header(cells(lines[0], separator));
        final List<Row> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            if (rows.size() == maxRows) {
                throw ProblemException.tooLarge("The file has more than " + maxRows + " rows; split it, e.g. by "
                        + "organisation or half-year");
            }
            rows.add(row(i + 1, cells(lines[i], separator), header));
        }
        return rows;
    }

    private static String decode(final byte[] bytes) {
        try {
            final String text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
            return text.startsWith("\uFEFF") ? text.substring(1) : text;
        } catch (final CharacterCodingException e) {
            throw ProblemException.invalid("file", "is not UTF-8 text; save it as \"CSV UTF-8\"");
        }
    }

    private Header header(final List<String> names) {
        if (names == null) {
            throw ProblemException.invalid("header", "has a quote that is not closed");
        }
        final Map<String, Integer> positions = new HashMap<>();
        for (int i = 0; i < names.size(); i++) {
            final String name = names.get(i);
            if (this.columns.all().contains(name) && positions.put(name, i) != null) {
                throw ProblemException.invalid("header", "names the column '" + name + "' twice");
            }
        }
        final List<String> missing = this.columns.required().stream()
                .filter(column -> !positions.containsKey(column)).toList();
        if (!missing.isEmpty()) {
            throw ProblemException.invalid("header", "lacks the column(s) " + String.join(", ", missing)
                    + "; the first line must be " + String.join(",", this.columns.required())
                    + " (names are case-sensitive)");
        }
        return new Header(positions, names.size());
    }

    private Row row(final int number, final List<String> cells, final Header header) {
        if (cells == null) {
            return new Row(number, null, "has a quote that is not closed");
        }
        if (cells.size() != header.width()) {
            return new Row(number, null, "has " + cells.size() + " cells, the header has " + header.width());
        }
        final ObjectNode fields = JsonNodeFactory.instance.objectNode();
        for (final String name : columns.all()) {
            final Integer position = header.columns().get(name);
            if (position == null) {
                continue;
            }
            final String cell = cells.get(position);
            // An empty cell is a missing field, so the validator says "is required" rather than "must be ...".
            if (cell.isEmpty()) {
                continue;
            }
            if (columns.numbers().contains(name)) {
                fields.set(name, number(cell));
            } else if (columns.integers().contains(name)) {
                fields.set(name, integer(cell));
            } else if (columns.booleans().contains(name)) {
                fields.set(name, bool(cell));
            } else {
                fields.put(name, cell);
            }
        }
        return new Row(number, fields, null);
    }

    /** A number with a decimal point or a decimal comma; anything else stays text for the validator to refuse. */
    private static JsonNode number(final String cell) {
        final String decimal = cell.indexOf('.') < 0 ? cell.replace(',', '.') : cell;
        try {
            return DecimalNode.valueOf(new BigDecimal(decimal));
        } catch (final NumberFormatException e) {
            return JsonNodeFactory.instance.textNode(cell);
        }
    }

    /** A whole number; anything else stays text for the validator to refuse. */
    private static JsonNode integer(final String cell) {
        try {
            return JsonNodeFactory.instance.numberNode(Long.parseLong(cell));
        } catch (final NumberFormatException e) {
            return JsonNodeFactory.instance.textNode(cell);
        }
    }

    /** true or false in any case; anything else stays text for the validator to refuse. */
    private static JsonNode bool(final String cell) {
        if (cell.equalsIgnoreCase("true") || cell.equalsIgnoreCase("false")) {
            return JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(cell.toLowerCase(Locale.ROOT)));
        }
        return JsonNodeFactory.instance.textNode(cell);
    }

    /** The trimmed cells of one line (RFC 4180 quoting), or null when a quoted cell is not closed. */
    private static List<String> cells(final String line, final char separator) {
        final List<String> cells = new ArrayList<>();
        final StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            final char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    cell.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    cell.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == separator) {
                cells.add(cell.toString().strip());
                cell.setLength(0);
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            return null;
        }
        cells.add(cell.toString().strip());
        return cells;
    }
}
