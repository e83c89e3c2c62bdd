package se.pks.stream.reports;

import java.awt.Font;
import java.awt.FontFormatException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Objects;

/**
 * The report's typeface, DejaVu Sans (src/main/resources/reports/fonts, Bitstream Vera licence: free to embed and
 * redistribute, LICENSE-DejaVu.txt beside it). Shipped with the service rather than taken from the machine, so a
 * container without fonts draws the same report; embedded in the PDF as a Unicode (Type 0) font, because the
 * standard 14 PDF fonts cannot show every Swedish letter in every encoding, and DejaVu has å, ä, ö and the status
 * symbols (✔ ▲ ✖ ⚠).
 */
final class ReportFonts {

    static {
        // The charts are drawn off screen: a server has no display, and AWT must not look for one.
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
    }

    static final byte[] REGULAR = read("DejaVuSans.ttf");
    static final byte[] BOLD = read("DejaVuSans-Bold.ttf");

    private static final Font AWT_REGULAR = awt(REGULAR);
    private static final Font AWT_BOLD = awt(BOLD);

    private ReportFonts() {
    }

    /** The regular or bold face for the charts at a size in points. */
    static Font chart(final boolean bold, final float size) {
        return (bold ? AWT_BOLD : AWT_REGULAR).deriveFont(size);
    }

    private static byte[] read(final String name) {
        try (InputStream font = ReportFonts.class.getResourceAsStream("/reports/fonts/" + name)) {
            return Objects.requireNonNull(font, "font " + name + " is missing from the class path").readAllBytes();
        } catch (final IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Font awt(final byte[] bytes) {
        try {
            return Font.createFont(Font.TRUETYPE_FONT, new ByteArrayInputStream(bytes));
        } catch (final FontFormatException | IOException e) {
            throw new IllegalStateException("The report font cannot be read: " + e.getMessage(), e);
        }
    }
}
