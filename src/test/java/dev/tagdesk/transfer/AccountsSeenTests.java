package dev.tagdesk.transfer;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AccountsSeenTests {

    @Test
    void anAccountIsNewOnceAndRepeatedAfterThroughEveryGrowthOfTheTable() {
        AccountsSeen seen = new AccountsSeen();
        for (int i = 0; i < 100_000; i++) {
            assertThat(seen.add("member." + i))
                    .as("member.%d the first time", i)
                    .isTrue();
        }
        for (int i = 0; i < 100_000; i += 7) {
            assertThat(seen.add("member." + i)).as("member.%d again", i).isFalse();
        }
        assertThat(seen.repeats()).isEqualTo(14_286);
        assertThat(seen.add("成员.100000")).isTrue();
    }

    @Test
    void accountsThatDifferOnlyByCaseOrWidthAreDifferentAccounts() {
        AccountsSeen seen = new AccountsSeen();
        assertThat(seen.add("zhang.san")).isTrue();
        assertThat(seen.add("Zhang.san")).isTrue();
        assertThat(seen.add("ｚhang.san")).isTrue();
        assertThat(seen.add("")).isTrue();
        assertThat(seen.add("")).isFalse();
        assertThat(seen.repeats()).isEqualTo(1);
    }
}
