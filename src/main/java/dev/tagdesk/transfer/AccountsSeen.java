package dev.tagdesk.transfer;

/**
 * The accounts met on earlier lines of a file, kept as 64-bit hashes: at most 16 bytes an account,
 * whatever its length, so a file of a million unknown accounts fits in a small heap. Two accounts
 * sharing a hash make the second look repeated; that only costs its rows a second look at the end
 * of the check ({@link ImportPass#repeatedAccounts}), never a wrong answer.
 */
final class AccountsSeen {

    private long[] slots = new long[1 << 12];
    private int size;
    private long repeats;

    /** Adds the account; false when it (or an account with the same hash) was added before. */
    boolean add(String account) {
        long hash = hash(account);
        int mask = slots.length - 1;
        for (int i = (int) (hash ^ hash >>> 32) & mask; ; i = i + 1 & mask) {
            if (slots[i] == hash) {
                repeats++;
                return false;
            }
            if (slots[i] == 0) {
                slots[i] = hash;
                if (++size * 2 > slots.length) {
                    grow();
                }
                return true;
            }
        }
    }

    /** How many times {@link #add} answered false. */
    long repeats() {
        return repeats;
    }

    private void grow() {
        long[] old = slots;
        slots = new long[old.length * 2];
        int mask = slots.length - 1;
        for (long hash : old) {
            if (hash != 0) {
                int i = (int) (hash ^ hash >>> 32) & mask;
                while (slots[i] != 0) {
                    i = i + 1 & mask;
                }
                slots[i] = hash;
            }
        }
    }

    /** 64-bit FNV-1a over the characters, never 0 (0 marks an empty slot). */
    static long hash(String account) {
        long hash = 0xcbf29ce484222325L;
        for (int i = 0; i < account.length(); i++) {
            hash = (hash ^ account.charAt(i)) * 0x100000001b3L;
        }
        return hash == 0 ? 1 : hash;
    }
}
