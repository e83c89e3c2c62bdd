package se.pks.stream.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The runnable examples of the README and docs/*.md: every fenced {@code sql} block, and every {@code bash} or
 * {@code sh} block that calls curl. A block right after {@code <!-- not-run: reason -->} is left out; the reason is
 * for the reader of the Markdown source.
 */
record DocumentedExamples(List<Example> sql, List<Example> shell) {

    private static final Pattern FENCE = Pattern.compile("^\\s*```(\\w*)\\s*$");
    private static final String NOT_RUN = "<!-- not-run:";

    /** One fenced block: {@code where} is file:line of its opening fence. */
    record Example(String where, String text) {
    }

    static DocumentedExamples read(final Path readme, final Path docs) throws IOException {
        final List<Path> files = new ArrayList<>(List.of(readme));
        try (Stream<Path> pages = Files.list(docs)) {
            pages.filter(page -> page.toString().endsWith(".md")).sorted().forEach(files::add);
        }
        final DocumentedExamples examples = new DocumentedExamples(new ArrayList<>(), new ArrayList<>());
        for (final Path file : files) {
            examples.add(file, Files.readAllLines(file));
        }
        return examples;
    }

    private void add(final Path file, final List<String> lines) {
        String previous = "";
        for (int i = 0; i < lines.size(); i++) {
            final Matcher fence = FENCE.matcher(lines.get(i));
            if (!fence.matches() || fence.group(1).isEmpty()) {
                previous = lines.get(i).isBlank() ? previous : lines.get(i).strip();
                continue;
            }
            final int opening = i;
            final StringBuilder text = new StringBuilder();
            for (i++; i < lines.size() && !lines.get(i).strip().startsWith("```"); i++) {
                text.append(lines.get(i)).append('\n');
            }
            final Example example = new Example(file + ":" + (opening + 1), text.toString());
            final boolean run = !previous.startsWith(NOT_RUN);
            switch (fence.group(1)) {
                case "sql" -> addIf(run, sql, example);
                case "bash", "sh" -> addIf(run && example.text().contains("curl "), shell, example);
                default -> {
                    // Other blocks (JSON, CSV, properties, diagrams) are not commands.
                }
            }
            previous = "";
        }
    }

    private static void addIf(final boolean run, final List<Example> examples, final Example example) {
        if (run) {
            examples.add(example);
        }
    }
}
