package se.pks.stream.it;

import java.util.ArrayList;
import java.util.List;

/** A block of SQL split into statements at semicolons outside quotes, without its -- comments. */
final class SqlStatements {

    private SqlStatements() {
    }

    static List<String> of(final String block) {
        final List<String> statements = new ArrayList<>();
        final StringBuilder statement = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < block.length(); i++) {
            final char c = block.charAt(i);
            if (!quoted && c == '-' && block.startsWith("--", i)) {
                final int end = block.indexOf('\n', i);
                i = (end < 0 ? block.length() : end) - 1;
            } else if (!quoted && c == ';') {
                add(statements, statement);
            } else {
                quoted ^= c == '\'';
                statement.append(c);
            }
        }
        add(statements, statement);
        return statements;
    }

    private static void add(final List<String> statements, final StringBuilder statement) {
        if (!statement.toString().isBlank()) {
            statements.add(statement.toString().strip());
        }
        statement.setLength(0);
    }
}
