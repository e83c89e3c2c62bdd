package se.pks.stream.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.Assumptions;

/**
 * What a test reads from a PDF: its text as PDFBox extracts it (in reading order), and its pages drawn
 * by poppler's {@code pdftoppm}, an independent PDF renderer (Debian package {@code poppler-utils}). Without
 * pdftoppm the rendering check is skipped with a message saying how to get it, unless
 * {@value #REQUIRED_VARIABLE}={@value HeadlessChromium#REQUIRED} (CI sets it): then it fails.
 */
final class ReportPdf {

    static final String REQUIRED_VARIABLE = "PKS_PDF_RENDER_TESTS";
    private static final Path PDFTOPPM = Path.of(System.getProperty("pks.test.pdftoppm", "/usr/bin/pdftoppm"));

    private ReportPdf() {
    }

    /** The text in reading order, every run of white space one space: a wrapped sentence reads whole again. */
    static String text(final byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            final PDFTextStripper stripper = new PDFTextStripper();
            stripper.setSortByPosition(true);
            return stripper.getText(document).replaceAll("\\s+", " ");
        }
    }

    static int pageCount(final byte[] pdf) throws IOException {
        try (PDDocument document = Loader.loadPDF(pdf)) {
            return document.getNumberOfPages();
        }
    }

    /** Each page drawn by pdftoppm at 50 dpi, as images; skips (or fails on CI) without pdftoppm. */
    static List<BufferedImage> render(final byte[] pdf, final Path directory) throws IOException,
            InterruptedException {
        if (!Files.isExecutable(PDFTOPPM)) {
            final String message = "PDF rendering check skipped: no " + PDFTOPPM + ". Install it with `apt-get install"
                    + " poppler-utils`; CI sets " + REQUIRED_VARIABLE + "=required to fail instead of skipping.";
            if (HeadlessChromium.REQUIRED.equalsIgnoreCase(System.getenv(REQUIRED_VARIABLE))) {
                throw new AssertionError(message);
            }
            Assumptions.abort(message);
        }
        final Path file = directory.resolve("report.pdf");
        Files.write(file, pdf);
        final Process process = new ProcessBuilder(PDFTOPPM.toString(), "-r", "50", "-png", file.toString(),
                directory.resolve("page").toString()).redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes());
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "pdftoppm did not finish");
        assertEquals(0, process.exitValue(), "pdftoppm: " + output);
        final List<BufferedImage> pages = new ArrayList<>();
        try (Stream<Path> files = Files.list(directory)) {
            for (final Path png : files.filter(path -> path.getFileName().toString().startsWith("page"))
                    .sorted().toList()) {
                pages.add(ImageIO.read(png.toFile()));
            }
        }
        return pages;
    }

    /** The share of a page's pixels that are not (nearly) white: 0 for a blank page. */
    static double inked(final BufferedImage page) {
        long dark = 0;
        for (int y = 0; y < page.getHeight(); y++) {
            for (int x = 0; x < page.getWidth(); x++) {
                final int rgb = page.getRGB(x, y);
                final int luminance = ((rgb >> 16 & 0xff) + (rgb >> 8 & 0xff) + (rgb & 0xff)) / 3;
                dark += luminance < 200 ? 1 : 0;
            }
        }
        return (double) dark / ((long) page.getWidth() * page.getHeight());
    }
}
