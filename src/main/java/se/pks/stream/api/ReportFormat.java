package se.pks.stream.api;

import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;

/**
 * The choice every report endpoint makes between PDF and HTML (docs/reports.md, docs/benchmarking-round.md), and the
 * answer with its file name. The endpoints produce any type and choose here, so that every refusal stays
 * {@code application/problem+json} and a request accepting neither gets 406.
 */
enum ReportFormat {
    PDF, HTML;

    static final String PDF_TYPE = "application/pdf";

    /**
     * format=pdf|html wins; otherwise the first of PDF and HTML the Accept header takes, in its order of preference
     * (PDF for * / * and without the header); 406 when it takes neither.
     */
    static ReportFormat negotiate(final String format, final HttpHeaders headers) {
        if (format != null) {
            return switch (format) {
                case "pdf" -> PDF;
                case "html" -> HTML;
                default -> throw ProblemException.invalid("format", "must be pdf or html, was '" + format + "'");
            };
        }
        for (final MediaType accepted : headers.getAcceptableMediaTypes()) {
            if (accepted.isCompatible(MediaType.valueOf(PDF_TYPE))) {
                return PDF;
            }
            if (accepted.isCompatible(MediaType.TEXT_HTML_TYPE)) {
                return HTML;
            }
        }
        throw ProblemException.notAcceptable("The report is application/pdf or text/html (or format=pdf|html);"
                + " the request accepts only " + headers.getRequestHeader(HttpHeaders.ACCEPT));
    }

    /** The report in this format, drawn only in it, as {@code file}.pdf or {@code file}.html shown inline. */
    Response answer(final String file, final Supplier<byte[]> pdf, final Supplier<String> html) {
        if (this == PDF) {
            return Response.ok(pdf.get(), PDF_TYPE)
                    .header("Content-Disposition", "inline; filename=\"" + file + ".pdf\"").build();
        }
        return Response.ok(html.get().getBytes(StandardCharsets.UTF_8), MediaType.TEXT_HTML + ";charset=utf-8")
                .header("Content-Disposition", "inline; filename=\"" + file + ".html\"").build();
    }
}
