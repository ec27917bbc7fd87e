package dev.tagdesk.access;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class UserNamesTests {

    @ParameterizedTest(name = "\"{0}\" is \"{1}\"")
    @CsvSource(
            delimiter = '|',
            quoteCharacter = '"',
            value = {
                "lock.it                | lock.it",
                "LOCK.IT                | lock.it",
                "\"  Ops.Sales\t\"      | ops.sales",
                // Full-width letters and the ideographic space, as a Chinese input method types them.
                "ＬＯＣＫ．ＩＴ             | lock.it",
                "\"\u3000admin\u3000\"  | admin",
                // U+212A KELVIN SIGN is a K (NFKC), U+017F LONG S an s, U+FB01 the ligature fi.
                "LOC\u212A.IT           | lock.it",
                "ops.\u017Fales         | ops.sales",
                "\uFB01nance            | finance",
                // Only A-Z fold: U+0130 stays itself, so does a decomposed I with its dot (NFKC composes it).
                "LOCK.\u0130T           | lock.\u0130t",
                "LOCK.I\u0307T          | lock.\u0130t",
                // U+0131 DOTLESS I and U+0049 are different letters; so are Cyrillic а and Latin a.
                "LOCK.\u0131T           | lock.\u0131t",
                "\u0430dmin             | \u0430dmin",
                // Other cases of letters are left alone: German ẞ, Greek Σ.
                "\u1E9E\u03A3           | \u1E9E\u03A3",
            })
    void namesAreReadAsStoredNamesAreWritten(String typed, String canonical) {
        assertThat(UserNames.canonical(typed)).isEqualTo(canonical);
    }

    @ParameterizedTest
    @ValueSource(strings = {"admin", "ops.sales", "a1", "x_y-z.0", "lock.it"})
    void aStorableNameIsItsOwnCanonicalForm(String stored) {
        assertThat(UserNames.storable(stored)).isTrue();
        assertThat(UserNames.canonical(stored)).isEqualTo(stored);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "a", "Admin", ".admin", "-x", "lock.\u0130t", "\u0430dmin", "a b", "a@b", "ａdmin"})
    void anythingElseIsNotStorable(String name) {
        assertThat(UserNames.storable(name)).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"LOCK.\u0130T", "ＬＯＣＫ.ＩＴ", " Ops.Sales ", "LOC\u212A.IT", "\u1E9E"})
    void readingTwiceChangesNothing(String typed) {
        String once = UserNames.canonical(typed);
        assertThat(UserNames.canonical(once)).isEqualTo(once);
    }

    @Test
    void theLongestStorableNameHasSixtyFourCharacters() {
        assertThat(UserNames.storable("a".repeat(64))).isTrue();
        assertThat(UserNames.storable("a".repeat(65))).isFalse();
    }

    @Test
    void nothingTypedIsTheEmptyName() {
        assertThat(UserNames.canonical(null)).isEmpty();
        assertThat(UserNames.canonical(" \t ")).isEmpty();
    }
}
