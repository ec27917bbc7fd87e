package dev.tagdesk.access.token;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TokenSecretsTests {

    @Test
    void aTokenIsPrefixedCarriesAtLeast160RandomBitsAndAChecksum() {
        String token = TokenSecrets.generate();
        assertThat(token).startsWith("tdk_").hasSize(4 + 32 + 6);
        // 32 base62 characters: 32 × log2(62) ≈ 190.5 bits
        assertThat(32 * Math.log(62) / Math.log(2)).isGreaterThan(160);
        assertThat(TokenSecrets.wellFormed(token)).isTrue();
        assertThat(TokenSecrets.displayPrefix(token)).hasSize(8).startsWith("tdk_");
    }

    @Test
    void aTypoAnywhereIsCaughtByTheChecksumWithoutAskingTheDatabase() {
        String token = TokenSecrets.generate();
        for (int i = 4; i < token.length(); i++) {
            char c = token.charAt(i);
            char other = c == 'a' ? 'b' : 'a';
            String typo = token.substring(0, i) + other + token.substring(i + 1);
            assertThat(TokenSecrets.wellFormed(typo)).as("typo at %d", i).isFalse();
        }
        assertThat(TokenSecrets.wellFormed(token.substring(1))).isFalse();
        assertThat(TokenSecrets.wellFormed(token + "x")).isFalse();
        assertThat(TokenSecrets.wellFormed("ghp_" + token.substring(4))).isFalse();
        assertThat(TokenSecrets.wellFormed(null)).isFalse();
    }

    @Test
    void tokensDoNotRepeat() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            assertThat(seen.add(TokenSecrets.generate())).isTrue();
        }
    }

    @Test
    void aScannerFindsATokenInsideOtherText() {
        String token = TokenSecrets.generate();
        assertThat(TokenSecrets.ANYWHERE
                        .matcher("curl -H 'Authorization: Bearer " + token + "'")
                        .find())
                .isTrue();
    }
}
