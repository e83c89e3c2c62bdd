package se.pks.stream.ingest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Check digits are computed by hand with Luhn over YYMMDDNNN: weights 2,1,2,1,2,1,2,1,2 from the left, the digits of
 * each product summed, check digit = (10 - sum mod 10) mod 10.
 */
class PersonalIdentityNumbersTest {

    /*
     * 811218-987?: 8*2=16 -> 7, 1, 1*2=2, 2, 1*2=2, 8, 9*2=18 -> 9, 8, 7*2=14 -> 5; sum 44, check 6 (Skatteverket's
     * example). Co-ordination number 811278-987? (day 18 + 60): 7+1+2+2+(7*2=14 -> 5)+8+9+8+5 = 47, check 3.
     */
    @ParameterizedTest
    @ValueSource(strings = {
            "811218-9876", "811218+9876", "811218 9876", "8112189876", "19811218-9876", "198112189876",
            "19811218 9876", "811278-9873", "19811278-9873"})
    void recognisesEveryWrittenForm(final String number) {
        assertTrue(PersonalIdentityNumbers.containsLikely(number), number);
    }

    @Test
    void recognisesANumberInsideText() {
        assertTrue(PersonalIdentityNumbers.containsLikely("patient 811218-9876 seen"));
        assertTrue(PersonalIdentityNumbers.containsLikely("ref-811218-9876"));
    }

    @Test
    void recognisesAJsonNumberPassedAsText() {
        assertTrue(PersonalIdentityNumbers.containsLikely(String.valueOf(8112189876L)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // Luhn sum 44 + 5 = 49: not divisible by 10.
            "811218-9875",
            // Month 13: 7+1+2+3+2+8+9+8+5 = 45, check 5, so only the date is wrong.
            "811318-9875",
            // Day 32: 7+1+2+2+(3*2=6)+2+9+8+5 = 42, check 8.
            "811232-9878",
            // 30 February: 7+1+0+2+6+0+9+8+5 = 38, check 2.
            "810230-9872",
            // Day 00 and day 60 (0 and 60 - 60 = 0 are no days): 7+1+2+2+0+0+9+8+5 = 34, check 6;
            // 7+1+2+2+(6*2=12 -> 3)+0+9+8+5 = 37, check 3.
            "811200-9876", "811260-9873",
            // Co-ordination day 91 - 60 = 31 in a 30-day month, November: 7+1+2+1+(9*2=18 -> 9)+1+9+8+5 = 43, check 7.
            "811191-9877"})
    void refusesWrongCheckDigitsAndImpossibleDates(final String candidate) {
        assertFalse(PersonalIdentityNumbers.containsLikely(candidate), candidate);
    }

    @Test
    void acceptsTwentyNinthOfFebruaryOnlyInALeapYearWhenTheCenturyIsKnown() {
        // 810229-987?: 7+1+0+2+4+9+9+8+5 = 45, check 5. Without century 29 February is possible; 1981 is no leap year.
        assertTrue(PersonalIdentityNumbers.containsLikely("810229-9875"));
        assertFalse(PersonalIdentityNumbers.containsLikely("19810229-9875"));
        // 000229-987?: 0+0+0+2+4+9+9+8+5 = 37, check 3. 2000 is a leap year (divisible by 400), 1900 is not.
        assertTrue(PersonalIdentityNumbers.containsLikely("20000229-9873"));
        assertFalse(PersonalIdentityNumbers.containsLikely("19000229-9873"));
    }

    @Test
    void refusesACenturyNoOneLivingCanHave() {
        assertFalse(PersonalIdentityNumbers.containsLikely("21811218-9876"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "18112189876", "81121898761", "811218-98761", "1811218-9876", "0.8112189876", "8112189876.5"})
    void ignoresDigitsThatArePartOfALongerNumber(final String text) {
        assertFalse(PersonalIdentityNumbers.containsLikely(text), text);
    }

    @Test
    void findsANumberBetweenOtherNumbersSeparatedBySpaces() {
        assertTrue(PersonalIdentityNumbers.containsLikely("4711 8112189876 0000 1"));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "2025-03-04", "2025-03-04T09:15:00+01:00", "2025-03-04T09:15:00.123456789Z", "20250304T091500Z",
            "ev-123", "ref-sus-ort-42", "1741080900000", ""})
    void ignoresDatesTimestampsAndOrdinaryIds(final String text) {
        assertFalse(PersonalIdentityNumbers.containsLikely(text), text);
    }

    @Test
    void masksEveryNumberAndNothingElse() {
        final String text =
                "{\"note\":\"patient 811218-9876, twin 19811278-9873\",\"ref\":\"811218-9875\",\"n\":8112189876}";

        assertEquals("{\"note\":\"patient [personal identity number removed], "
                        + "twin [personal identity number removed]\","
                        + "\"ref\":\"811218-9875\",\"n\":[personal identity number removed]}",
                PersonalIdentityNumbers.mask(text));
    }

    @Test
    void returnsTextWithoutNumbersUnchanged() {
        final String text =
                "{\"eventId\":\"ev-123\",\"occurredAt\":\"2025-03-04T09:15:00+01:00\",\"ref\":\"811218-9875\"}";

        assertSame(text, PersonalIdentityNumbers.mask(text));
    }
}
