package dev.tagdesk.shared;

import java.util.List;
import java.util.function.Function;

/**
 * One page of a list: its items, which page (from 0), the page size, and the total. Its JSON, {@code
 * {items, page, size, total}}, is the one envelope of every list in the API (see {@code
 * api/conventions.md}); pages of the console use it too.
 */
public record Page<T>(List<T> items, int page, int size, long total) {

    /**
     * The highest page number anyone can ask for: far past the end of any list (a million pages), and
     * far from where {@code page + 1} (the page shown and the next page's link) would overflow.
     */
    public static final int LAST_PAGE = 1_000_000;

    /** The page size of a list when none is asked for, as the API's {@code size} parameter default. */
    public static final String DEFAULT_SIZE = "50";

    /** The largest page size a list serves. */
    public static final int MAX_SIZE = 200;

    public Page {
        page = number(page);
    }

    /** A requested page number, between 0 and {@link #LAST_PAGE}. */
    public static int number(int requested) {
        return Math.min(Math.max(requested, 0), LAST_PAGE);
    }

    /** A requested page size, between 1 and {@link #MAX_SIZE}; none (0 or less) is the default. */
    public static int size(int requested) {
        return requested <= 0 ? Integer.parseInt(DEFAULT_SIZE) : Math.min(requested, MAX_SIZE);
    }

    /** One page of a list held whole (a short one: departments, tag groups, rules). */
    public static <T> Page<T> of(List<T> all, int page, int size) {
        int number = number(page);
        int shown = size(size);
        long from = Math.min((long) number * shown, all.size());
        int to = (int) Math.min(from + shown, all.size());
        return new Page<>(List.copyOf(all.subList((int) from, to)), number, shown, all.size());
    }

    /** The same page with each item turned into another value (e.g. its JSON). */
    public <R> Page<R> map(Function<? super T, ? extends R> each) {
        return new Page<>(items.stream().<R>map(each).toList(), page, size, total);
    }

    public int totalPages() {
        return (int) Math.max(1, (total + size - 1) / size);
    }

    public boolean hasPrevious() {
        return page > 0;
    }

    public boolean hasNext() {
        return page + 1 < totalPages();
    }
}
