package se.pks.stream.reports;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Calendar;
import java.util.List;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDDocumentInformation;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDType0Font;
import org.apache.pdfbox.pdmodel.graphics.image.PDImageXObject;

/**
 * A4 pages written top to bottom with Apache PDFBox: headings, wrapped paragraphs, tables whose cells wrap, and
 * images, a new page whenever the next block does not fit, and "page n of m" at the foot of every page. Only the
 * flow of blocks is ours; the PDF itself (fonts embedded as subsets, images, the file's structure) is PDFBox's.
 */
final class PdfPages implements AutoCloseable {

    static final float MARGIN = 50;
    static final float WIDTH = PDRectangle.A4.getWidth() - 2 * MARGIN;
    private static final float TOP = PDRectangle.A4.getHeight() - MARGIN;
    private static final float BOTTOM = MARGIN + 20;
    private static final float BODY = 9.5f;
    private static final float TABLE = 8.5f;
    private static final float LEADING = 1.3f;
    private static final float CELL_PADDING = 3;

    private final PDDocument document = new PDDocument();
    private final PDType0Font regular;
    private final PDType0Font bold;
    private PDPageContentStream content;
    private float y;

    PdfPages(final String title, final String subject) {
        try {
            regular = PDType0Font.load(document, new ByteArrayInputStream(ReportFonts.REGULAR));
            bold = PDType0Font.load(document, new ByteArrayInputStream(ReportFonts.BOLD));
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        final PDDocumentInformation info = document.getDocumentInformation();
        info.setTitle(title);
        info.setSubject(subject);
        info.setCreator("pks-stream");
        info.setCreationDate(Calendar.getInstance());
        document.getDocumentCatalog().setLanguage("en");
        newPage();
    }

    /** A heading: level 1 the report's title, 2 a section, 3 a measure; kept on a page with what follows it. */
    void heading(final String text, final int level) {
        final float size = switch (level) {
            case 1 -> 17;
            case 2 -> 13;
            default -> 11;
        };
        ensure(size * 2 + (level == 3 ? ReportCharts.HEIGHT + 20 : 90));
        y -= level == 1 ? 0 : size * 0.8f;
        lines(bold, size, text, MARGIN, WIDTH);
        y -= size * 0.3f;
    }

    void paragraph(final String text) {
        paragraph(text, false);
    }

    void paragraph(final String text, final boolean strong) {
        final List<String> lines = wrap(strong ? bold : regular, BODY, text, WIDTH);
        ensure(lines.size() * BODY * LEADING);
        lines(strong ? bold : regular, BODY, text, MARGIN, WIDTH);
        y -= BODY * 0.5f;
    }

    /**
     * A table: a bold header row and the rows below it, each cell wrapped in its column; a column of numbers is right
     * aligned, the others left aligned. The header is repeated on a new page.
     */
    void table(final float[] widths, final String[] header, final List<String[]> rows) {
        final float scale = WIDTH / sum(widths);
        final float[] columns = new float[widths.length];
        for (int i = 0; i < widths.length; i++) {
            columns[i] = widths[i] * scale;
        }
        final int[] leftAligned = textColumns(widths.length, rows);
        row(columns, header, true, leftAligned);
        for (final String[] row : rows) {
            if (height(columns, row, false) > y - BOTTOM) {
                newPage();
                row(columns, header, true, leftAligned);
            }
            row(columns, row, false, leftAligned);
        }
        y -= BODY;
    }

    /** A PNG image drawn {@code width} × {@code height} points wide and high, on the page's left margin. */
    void image(final byte[] png, final String name, final float width, final float height) {
        ensure(height + 6);
        try {
            final PDImageXObject image = PDImageXObject.createFromByteArray(document, png, name);
            content.drawImage(image, MARGIN, y - height, width, height);
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
        y -= height + 6;
    }

    /** The finished PDF, with "title · page n of m" at the foot of every page. */
    byte[] finish(final String footer) {
        try {
            content.close();
            final int pages = document.getNumberOfPages();
            for (int i = 0; i < pages; i++) {
                final PDPage page = document.getPage(i);
                try (PDPageContentStream foot = new PDPageContentStream(document, page,
                        PDPageContentStream.AppendMode.APPEND, true, true)) {
                    foot.beginText();
                    foot.setFont(regular, 8);
                    foot.newLineAtOffset(MARGIN, MARGIN - 10);
                    foot.showText(clean(footer + " · page " + (i + 1) + " of " + pages));
                    foot.endText();
                }
            }
            final ByteArrayOutputStream out = new ByteArrayOutputStream();
            document.save(out);
            return out.toByteArray();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        try {
            document.close();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void row(final float[] columns, final String[] cells, final boolean header, final int[] leftAligned) {
        final float height = height(columns, cells, header);
        if (height > y - BOTTOM) {
            newPage();
        }
        final PDType0Font font = header ? bold : regular;
        final float top = y;
        float x = MARGIN;
        for (int i = 0; i < columns.length; i++) {
            final String cell = i < cells.length && cells[i] != null ? cells[i] : "";
            final boolean left = i == 0 || contains(leftAligned, i);
            float lineY = top - CELL_PADDING;
            for (final String line : wrap(font, TABLE, cell, columns[i] - 2 * CELL_PADDING)) {
                lineY -= TABLE;
                final float offset = left ? CELL_PADDING : columns[i] - CELL_PADDING - width(font, TABLE, line);
                text(font, TABLE, line, x + offset, lineY);
                lineY -= TABLE * (LEADING - 1);
            }
            x += columns[i];
        }
        y = top - height;
        try {
            content.setLineWidth(header ? 0.8f : 0.3f);
            content.moveTo(MARGIN, y);
            content.lineTo(MARGIN + WIDTH, y);
            content.stroke();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private float height(final float[] columns, final String[] cells, final boolean header) {
        int lines = 1;
        for (int i = 0; i < columns.length && i < cells.length; i++) {
            lines = Math.max(lines, wrap(header ? bold : regular, TABLE, cells[i] == null ? "" : cells[i],
                    columns[i] - 2 * CELL_PADDING).size());
        }
        return lines * TABLE * LEADING + 2 * CELL_PADDING;
    }

    private void lines(final PDType0Font font, final float size, final String text, final float x,
                       final float width) {
        for (final String line : wrap(font, size, text, width)) {
            y -= size;
            text(font, size, line, x, y);
            y -= size * (LEADING - 1);
        }
    }

    private void text(final PDType0Font font, final float size, final String text, final float x, final float at) {
        try {
            content.beginText();
            content.setFont(font, size);
            content.newLineAtOffset(x, at);
            content.showText(text);
            content.endText();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text in lines no wider than {@code width}, broken at spaces, and a word too long for a line within it. */
    private static List<String> wrap(final PDType0Font font, final float size, final String text,
                                     final float width) {
        final List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (final String word : words(font, size, clean(text), width)) {
            final String candidate = line.isEmpty() ? word : line + " " + word;
            if (line.isEmpty() || width(font, size, candidate) <= width) {
                line = new StringBuilder(candidate);
            } else {
                lines.add(line.toString());
                line = new StringBuilder(word);
            }
        }
        lines.add(line.toString());
        return lines;
    }

    /** The words of the text, each one wider than a line cut into pieces that fit. */
    private static List<String> words(final PDType0Font font, final float size, final String text,
                                      final float width) {
        final List<String> words = new ArrayList<>();
        for (final String word : text.split(" ")) {
            String rest = word;
            while (width(font, size, rest) > width && rest.length() > 1) {
                int fits = rest.length() - 1;
                while (fits > 1 && width(font, size, rest.substring(0, fits)) > width) {
                    fits--;
                }
                words.add(rest.substring(0, fits));
                rest = rest.substring(fits);
            }
            words.add(rest);
        }
        return words;
    }

    private static float width(final PDType0Font font, final float size, final String text) {
        try {
            return font.getStringWidth(text) / 1000 * size;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Control characters (a newline in an action's title) have no glyph: they become spaces. */
    private static String clean(final String text) {
        return text.replaceAll("\\p{Cntrl}", " ");
    }

    private void ensure(final float height) {
        if (y - height < BOTTOM) {
            newPage();
        }
    }

    private void newPage() {
        try {
            if (content != null) {
                content.close();
            }
            final PDPage page = new PDPage(PDRectangle.A4);
            document.addPage(page);
            content = new PDPageContentStream(document, page);
            y = TOP;
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The columns with a cell that is not a number ("405.0", "-25.0 %", "–"): those are left aligned. */
    private static int[] textColumns(final int columns, final List<String[]> rows) {
        final List<Integer> text = new ArrayList<>();
        for (int i = 0; i < columns; i++) {
            final int column = i;
            if (i == 0 || rows.stream().anyMatch(row -> column < row.length && row[column] != null
                    && !row[column].matches("[+-]?[0-9.]+( %)?|–|"))) {
                text.add(i);
            }
        }
        return text.stream().mapToInt(Integer::intValue).toArray();
    }

    private static float sum(final float[] values) {
        float total = 0;
        for (final float value : values) {
            total += value;
        }
        return total;
    }

    private static boolean contains(final int[] values, final int value) {
        for (final int candidate : values) {
            if (candidate == value) {
                return true;
            }
        }
        return false;
    }
}
