package se.pks.stream.it;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the shell examples of the documentation the way a reader pastes them into bash, against the service under
 * test: {@code curl} commands, variables ({@code A='-u pm-sus:pm-sus'}, {@code $A}, {@code "$TOKEN"}), a value taken
 * from an answer ({@code TOKEN=$(curl ... | sed 's/.../\1/')}), today's date ({@code $(date +%Y)}) or a date some months
 * from another ({@code $(date -d "$(date +%Y-%m-01) -1 month" +%F)}, GNU date), a here-document
 * as the body ({@code --data-binary @- <<'CSV'}) and a comment after a command that gives its status ({@code # 401},
 * {@code (204)}). Nothing else of the shell is understood, so an example using more fails here instead of passing
 * untried. Each command must answer with its documented status, else any 2xx, and a 2xx other than 204 with content
 * ({@code []} is no content).
 */
final class CurlExamples {

    private static final Pattern DOCUMENTED_HOST = Pattern.compile("https?://(localhost:8080|pks\\.example)/");
    private static final Pattern STATUS_COMMENT = Pattern.compile("^#\\s*(\\d{3})\\b|\\((\\d{3})\\)");
    private static final Pattern ASSIGNMENT = Pattern.compile("([A-Za-z_]\\w*)=(.*)", Pattern.DOTALL);
    private static final Pattern MONTHS_FROM =
            Pattern.compile("(\\d{4}-\\d{2}-\\d{2}) ([+-]?\\d+) months?");
    private static final Pattern SED = Pattern.compile("s/([^/]*)/([^/]*)/");

    private final HttpClient http = HttpClient.newHttpClient();
    private final String base;
    private final Map<String, String> variables = new HashMap<>();
    private final List<String> failures = new ArrayList<>();
    private int commands;

    /** {@code base} ends with "/"; {@code environment}: what the reader is told to have set, e.g. PKS_ADMIN_KEY. */
    CurlExamples(final String base, final Map<String, String> environment) {
        this.base = base;
        variables.putAll(environment);
    }

    /** Runs one fenced block; {@code where} names it in failures. Variables stay set for the next blocks. */
    void run(final String where, final String block) {
        try {
            new ShellWords(block, variables::get, this::substitute).run(command -> execute(command, where));
        } catch (IllegalArgumentException e) {
            // The rest of a block builds on what failed, so it is not run.
            failures.add(where + ": " + e.getMessage());
        }
    }

    List<String> failures() {
        return failures;
    }

    int commands() {
        return commands;
    }

    private void execute(final Command command, final String where) {
        final List<String> words = command.words();
        final Matcher assignment = ASSIGNMENT.matcher(words.get(0));
        if (words.size() == 1 && assignment.matches()) {
            variables.put(assignment.group(1), assignment.group(2));
            return;
        }
        if (!words.get(0).equals("curl")) {
            throw new IllegalArgumentException("not a curl command: " + String.join(" ", words));
        }
        commands++;
        final String problem = problem(curl(words.subList(1, words.size()), command.stdin()),
                expectedStatus(command.comment()));
        if (problem != null) {
            throw new IllegalArgumentException("line " + command.line() + ": " + String.join(" ", words) + " -> "
                    + problem);
        }
    }

    private static String problem(final HttpResponse<String> answer, final Integer expected) {
        final int status = answer.statusCode();
        final String body = answer.body().strip();
        if (expected != null) {
            return status == expected ? null : "status " + status + ", documented " + expected + ": " + body;
        }
        if (status / 100 != 2) {
            return "status " + status + ": " + body;
        }
        if (status != 204 && (body.isEmpty() || body.equals("[]"))) {
            return "status " + status + " without content";
        }
        return null;
    }

    private static Integer expectedStatus(final String comment) {
        if (comment == null) {
            return null;
        }
        final Matcher status = STATUS_COMMENT.matcher(comment.strip());
        if (!status.find()) {
            return null;
        }
        return Integer.valueOf(status.group(1) != null ? status.group(1) : status.group(2));
    }

    private HttpResponse<String> curl(final List<String> options, final String stdin) {
        String method = null;
        String body = null;
        String url = null;
        final HttpRequest.Builder request = HttpRequest.newBuilder();
        for (int i = 0; i < options.size(); i++) {
            final String option = options.get(i);
            switch (option) {
                case "-s", "-S", "-sS", "-i" -> {
                    // Output options: the answer is checked, not printed.
                }
                case "-u" -> request.header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(options.get(++i).getBytes(StandardCharsets.UTF_8)));
                case "-X" -> method = options.get(++i);
                case "-H" -> {
                    final String[] header = options.get(++i).split(":", 2);
                    request.header(header[0].strip(), header[1].strip());
                }
                case "-d", "--data-binary" -> body = data(options.get(++i), stdin);
                default -> {
                    if (option.startsWith("-")) {
                        throw new IllegalArgumentException("curl option " + option + " is not understood here");
                    }
                    url = option;
                }
            }
        }
        if (url == null) {
            throw new IllegalArgumentException("curl without an address");
        }
        final String verb = method != null ? method : body != null ? "POST" : "GET";
        request.uri(URI.create(DOCUMENTED_HOST.matcher(url).replaceFirst(base)))
                .method(verb, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body));
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalArgumentException(url + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String data(final String value, final String stdin) {
        if (value.equals("@-")) {
            if (stdin == null) {
                throw new IllegalArgumentException("--data-binary @- without a here-document");
            }
            return stdin;
        }
        if (value.startsWith("@")) {
            throw new IllegalArgumentException("reads the reader's own file " + value);
        }
        return value;
    }

    /** {@code $(...)}: a curl command piped through sed substitutions, or {@code date +FORMAT}. */
    private String substitute(final String pipeline) {
        final List<String> stages = ShellWords.pipeline(pipeline.replace("\\\n", ""));
        final List<Command> first = new ShellWords(stages.get(0), variables::get, this::substitute).commands();
        final List<String> words = first.get(0).words();
        String output;
        if (words.get(0).equals("date") && words.size() == 2 && words.get(1).startsWith("+")) {
            output = date(LocalDate.now(), words.get(1).substring(1));
        } else if (words.get(0).equals("date") && words.size() == 4 && words.get(1).equals("-d")
                   && words.get(3).startsWith("+")) {
            output = date(monthsFrom(words.get(2)), words.get(3).substring(1));
        } else if (words.get(0).equals("curl")) {
            commands++;
            output = curl(words.subList(1, words.size()), null).body();
        } else {
            throw new IllegalArgumentException("$(" + pipeline + ") is not understood here");
        }
        for (final String stage : stages.subList(1, stages.size())) {
            output = sed(new ShellWords(stage, variables::get, this::substitute).commands().get(0).words(), output);
        }
        return output.strip();
    }

    /** sed's basic regular expressions as the examples use them: \( \) groups and \1 references. */
    private static String sed(final List<String> words, final String input) {
        final Matcher expression = words.size() == 2 && words.get(0).equals("sed") ? SED.matcher(words.get(1)) : null;
        if (expression == null || !expression.matches()) {
            throw new IllegalArgumentException("only sed 's/.../.../' is understood here: " + words);
        }
        final Pattern pattern = Pattern.compile(javaRegex(expression.group(1)));
        final String replacement = expression.group(2).replaceAll("\\\\(\\d)", "\\$$1");
        return input.lines().map(line -> pattern.matcher(line).replaceFirst(replacement))
                .reduce((a, b) -> a + "\n" + b).orElse("");
    }

    /** A POSIX basic regular expression in Java's syntax: there a bare ( ) { } + ? | is a literal character. */
    private static String javaRegex(final String basic) {
        final StringBuilder java = new StringBuilder();
        for (int i = 0; i < basic.length(); i++) {
            final char c = basic.charAt(i);
            if (c == '\\' && i + 1 < basic.length()) {
                final char next = basic.charAt(++i);
                java.append("(){}".indexOf(next) >= 0 ? String.valueOf(next) : "\\" + next);
            } else {
                java.append("(){}+?|".indexOf(c) >= 0 ? "\\" + c : String.valueOf(c));
            }
        }
        return java.toString();
    }

    /** GNU date's "2026-12-01 -1 month": a day and a whole number of months before or after it. */
    private static LocalDate monthsFrom(final String expression) {
        final Matcher matcher = MONTHS_FROM.matcher(expression);
        if (!matcher.matches()) {
            throw new IllegalArgumentException("date -d '" + expression + "' is not understood here");
        }
        return LocalDate.parse(matcher.group(1)).plusMonths(Long.parseLong(matcher.group(2)));
    }

    private static String date(final LocalDate today, final String format) {
        return format.replace("%F", today.toString()).replace("%Y", String.valueOf(today.getYear()))
                .replace("%m", DateTimeFormatter.ofPattern("MM").format(today))
                .replace("%d", DateTimeFormatter.ofPattern("dd").format(today));
    }

    /** One command: its words after expansion, its here-document, the comment after it, its first line. */
    record Command(List<String> words, String stdin, String comment, int line) {
    }
}
