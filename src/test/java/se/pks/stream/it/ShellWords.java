package se.pks.stream.it;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Splits a shell snippet into commands and words as bash would for the subset the documentation uses: quotes,
 * backslash-newline continuations, comments, {@code $NAME}, {@code ${NAME}}, {@code $(...)} and here-documents.
 * A command ends at a newline outside quotes; a comment line with a status right after a command ({@code # 201 {...}})
 * is kept as that command's comment when it has none of its own. Each command is handed on before the next one is
 * expanded, so that a variable set by one command is there for the next, as in bash.
 */
final class ShellWords {

    private static final Pattern ANSWER_COMMENT = Pattern.compile("#\\s*\\d{3}\\b.*");

    private final String text;
    private final UnaryOperator<String> variable;
    private final UnaryOperator<String> substitution;
    private CurlExamples.Command pending;
    private Consumer<CurlExamples.Command> next;
    private List<String> words = new ArrayList<>();
    private final StringBuilder word = new StringBuilder();
    private boolean inWord;
    private String comment;
    private String hereDelimiter;
    private int position;
    private int line = 1;
    private int commandLine = 1;

    /** {@code variable} answers a variable's value or null; {@code substitution} runs what $(...) holds. */
    ShellWords(final String text, final UnaryOperator<String> variable, final UnaryOperator<String> substitution) {
        this.text = text;
        this.variable = variable;
        this.substitution = substitution;
    }

    /** The commands of a snippet without running any: for the stages of a $(...). */
    List<CurlExamples.Command> commands() {
        final List<CurlExamples.Command> commands = new ArrayList<>();
        run(commands::add);
        return commands;
    }

    /** Hands each command to {@code execute} once it is complete, before the next command is expanded. */
    void run(final Consumer<CurlExamples.Command> execute) {
        next = execute;
        while (position < text.length()) {
            final char c = text.charAt(position++);
            if (pending != null && words.isEmpty() && !inWord && c != ' ' && c != '\t' && c != '\n' && c != '#') {
                handOn();
            }
            if (c == '\\' && position < text.length()) {
                final char next = text.charAt(position++);
                if (next == '\n') {
                    line++;
                } else {
                    append(String.valueOf(next));
                }
            } else if (c == '\n') {
                endCommand();
                line++;
            } else if (c == ' ' || c == '\t') {
                endWord();
            } else if (c == '#' && !inWord) {
                final int end = text.indexOf('\n', position);
                comment = text.substring(position - 1, end < 0 ? text.length() : end);
                position = end < 0 ? text.length() : end;
            } else if (c == '\'') {
                append(until('\''));
            } else if (c == '"') {
                append(doubleQuoted());
            } else if (c == '$') {
                splitInto(expansion());
            } else if (c == '<' && text.startsWith("<", position)) {
                position++;
                endWord();
                hereDelimiter = hereDelimiter();
            } else if (c == '|' || c == ';' || c == '&' || c == '>') {
                throw new IllegalArgumentException("line " + line + ": '" + c + "' is not understood here");
            } else {
                append(String.valueOf(c));
            }
        }
        endCommand();
        handOn();
    }

    private void handOn() {
        if (pending != null) {
            final CurlExamples.Command command = pending;
            pending = null;
            next.accept(command);
        }
    }

    /** The stages of {@code curl ... | sed ...}, split at each | outside quotes. */
    static List<String> pipeline(final String text) {
        final List<String> stages = new ArrayList<>();
        int start = 0;
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '|') {
                stages.add(text.substring(start, i).strip());
                start = i + 1;
            }
        }
        stages.add(text.substring(start).strip());
        return stages;
    }

    private void append(final String value) {
        word.append(value);
        inWord = true;
    }

    /** An unquoted expansion is split into words at white space, as bash does. */
    private void splitInto(final String value) {
        final String[] pieces = value.strip().split("\\s+");
        if (!value.isEmpty() && Character.isWhitespace(value.charAt(0))) {
            endWord();
        }
        for (int i = 0; i < pieces.length; i++) {
            if (i > 0) {
                endWord();
            }
            append(pieces[i]);
        }
    }

    private void endWord() {
        if (inWord) {
            words.add(word.toString());
            word.setLength(0);
            inWord = false;
        }
    }

    private void endCommand() {
        endWord();
        if (words.isEmpty()) {
            if (comment != null && pending != null && pending.comment() == null
                    && ANSWER_COMMENT.matcher(comment).matches()) {
                pending = new CurlExamples.Command(pending.words(), pending.stdin(), comment, pending.line());
            }
        } else {
            handOn();
            final String stdin = hereDelimiter == null ? null : hereDocument();
            pending = new CurlExamples.Command(List.copyOf(words), stdin, comment, commandLine);
        }
        words = new ArrayList<>();
        comment = null;
        hereDelimiter = null;
        commandLine = line + 1;
    }

    private String hereDelimiter() {
        while (text.charAt(position) == ' ') {
            position++;
        }
        final char quote = text.charAt(position);
        if (quote == '\'' || quote == '"') {
            position++;
            return until(quote);
        }
        final int start = position;
        while (position < text.length() && Character.isLetterOrDigit(text.charAt(position))) {
            position++;
        }
        return text.substring(start, position);
    }

    /** The lines after the command up to the delimiter, each with its newline. */
    private String hereDocument() {
        final StringBuilder document = new StringBuilder();
        int start = position < text.length() && text.charAt(position) == '\n' ? position + 1 : position;
        while (start < text.length()) {
            final int end = text.indexOf('\n', start);
            final String row = text.substring(start, end < 0 ? text.length() : end);
            line++;
            start = end < 0 ? text.length() : end + 1;
            if (row.equals(hereDelimiter)) {
                position = end < 0 ? text.length() : end;
                return document.toString();
            }
            document.append(row).append('\n');
        }
        throw new IllegalArgumentException("here-document without its closing " + hereDelimiter);
    }

    private String until(final char quote) {
        final int end = text.indexOf(quote, position);
        if (end < 0) {
            throw new IllegalArgumentException("line " + line + ": unclosed " + quote);
        }
        final String quoted = text.substring(position, end);
        line += (int) quoted.chars().filter(c -> c == '\n').count();
        position = end + 1;
        return quoted;
    }

    private String doubleQuoted() {
        final StringBuilder quoted = new StringBuilder();
        while (position < text.length()) {
            final char c = text.charAt(position++);
            if (c == '"') {
                return quoted.toString();
            } else if (c == '\\' && "\"\\$".indexOf(text.charAt(position)) >= 0) {
                quoted.append(text.charAt(position++));
            } else if (c == '$') {
                quoted.append(expansion());
            } else {
                line += c == '\n' ? 1 : 0;
                quoted.append(c);
            }
        }
        throw new IllegalArgumentException("line " + line + ": unclosed \"");
    }

    /** After a $: a variable's value or a command substitution's output. */
    private String expansion() {
        if (text.startsWith("(", position)) {
            final int end = closingParenthesis(position);
            final String inner = text.substring(position + 1, end);
            position = end + 1;
            return substitution.apply(inner);
        }
        final boolean braced = text.startsWith("{", position);
        final int start = braced ? position + 1 : position;
        int end = start;
        while (end < text.length() && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
            end++;
        }
        final String name = text.substring(start, end);
        position = braced ? end + 1 : end;
        final String value = variable.apply(name);
        if (value == null) {
            throw new IllegalArgumentException("line " + line + ": $" + name + " is not set");
        }
        return value;
    }

    private int closingParenthesis(final int open) {
        int depth = 0;
        char quote = 0;
        for (int i = open; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '(') {
                depth++;
            } else if (c == ')' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalArgumentException("line " + line + ": unclosed $(");
    }
}
