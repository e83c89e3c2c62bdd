package se.pks.stream.ingest;

import java.time.Month;
import java.time.Year;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds text that is probably a Swedish personal identity number (personnummer) or co-ordination number
 * (samordningsnummer). The product must never store one, so every string of every record is screened: the check
 * is a precompiled pattern plus a date and Luhn test, with a digit count up front so that ordinary text costs one
 * pass over its characters.
 *
 * <p>Recognised forms: {@code YYMMDD-NNNN}, {@code YYMMDD+NNNN}, {@code YYMMDDNNNN}, {@code YYYYMMDD-NNNN},
 * {@code YYYYMMDDNNNN}, with a space allowed as separator. A candidate counts only if its month is 01-12, its day
 * exists in that month (a co-ordination number adds 60 to the day) and the Luhn check digit over the ten-digit form
 * holds. Without a century 29 February is always accepted: the century is unknown, and screening errs towards
 * masking. A run of digits that goes on either side is something else (an account number, a timestamp in
 * milliseconds, a decimal fraction) and is left alone.
 */
public final class PersonalIdentityNumbers {

    public static final String MASK = "[personal identity number removed]";

    private static final int TEN_DIGIT_FORM = 10;
    private static final int COORDINATION_DAY_OFFSET = 60;

    /*
     * Groups: 1 century (optional), 2 year, 3 month, 4 day, 5 the last four digits. The look-arounds keep a match
     * from starting or ending inside a longer digit run, or inside a decimal number such as 0.8112189876.
     */
    private static final Pattern CANDIDATE = Pattern.compile(
            "(?<!\\d)(?<!\\d\\.)(\\d{2})?(\\d{2})(\\d{2})(\\d{2})[-+ ]?(\\d{4})(?!\\d)(?!\\.\\d)");

    private PersonalIdentityNumbers() {
    }

    /** Whether {@code text} contains at least one probable personal identity number. */
    public static boolean containsLikely(final String text) {
        if (!hasEnoughDigits(text)) {
            return false;
        }
        final Matcher matcher = CANDIDATE.matcher(text);
        while (matcher.find()) {
            if (isValid(matcher)) {
                return true;
            }
        }
        return false;
    }

    /** {@code text} with every probable personal identity number replaced by {@link #MASK}. */
    public static String mask(final String text) {
        if (!hasEnoughDigits(text)) {
            return text;
        }
        final Matcher matcher = CANDIDATE.matcher(text);
        final StringBuilder masked = new StringBuilder(text.length());
        int copiedUpTo = 0;
        while (matcher.find()) {
            if (isValid(matcher)) {
                masked.append(text, copiedUpTo, matcher.start()).append(MASK);
                copiedUpTo = matcher.end();
            }
        }
        return copiedUpTo == 0 ? text : masked.append(text, copiedUpTo, text.length()).toString();
    }

    /** Nearly all strings (names, ids, timestamps) have fewer than ten digits and need no pattern matching. */
    private static boolean hasEnoughDigits(final String text) {
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            final char c = text.charAt(i);
            if (c >= '0' && c <= '9' && ++digits == TEN_DIGIT_FORM) {
                return true;
            }
        }
        return false;
    }

    private static boolean isValid(final Matcher matcher) {
        final String century = matcher.group(1);
        final String year = matcher.group(2);
        final int month = Integer.parseInt(matcher.group(3));
        final int dayField = Integer.parseInt(matcher.group(4));
        final int day = dayField > COORDINATION_DAY_OFFSET ? dayField - COORDINATION_DAY_OFFSET : dayField;
        if (month < 1 || month > 12 || day < 1) {
            return false;
        }
        final int daysInMonth;
        if (century == null) {
            daysInMonth = Month.of(month).maxLength();
        } else {
            // Only people born 1800-2099 have numbers; a twelve-digit run with another prefix is something else.
            final int fullYear = Integer.parseInt(century + year);
            if (fullYear < 1800 || fullYear > 2099) {
                return false;
            }
            daysInMonth = Month.of(month).length(Year.isLeap(fullYear));
        }
        return day <= daysInMonth
                && luhnHolds(year + matcher.group(3) + matcher.group(4) + matcher.group(5));
    }

    /** Luhn over YYMMDDNNNC: weights 2,1,2,1,... from the left, the digits of each product summed, total ends in 0. */
    private static boolean luhnHolds(final String tenDigits) {
        int sum = 0;
        for (int i = 0; i < tenDigits.length(); i++) {
            final int digit = tenDigits.charAt(i) - '0';
            final int weighted = i % 2 == 0 ? digit * 2 : digit;
            sum += weighted > 9 ? weighted - 9 : weighted;
        }
        return sum % 10 == 0;
    }
}
