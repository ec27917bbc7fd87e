package dev.tagdesk.shared;

import java.util.List;

/** One page of a list: its items, which page (from 0), the page size, and the total. */
public record Page<T>(List<T> items, int page, int size, long total) {

    /**
     * The highest page number anyone can ask for: far past the end of any list (a million pages), and
     * far from where {@code page + 1} (the page shown and the next page's link) would overflow.
     */
    public static final int LAST_PAGE = 1_000_000;

    public Page {
        page = number(page);
    }

    /** A requested page number, between 0 and {@link #LAST_PAGE}. */
    public static int number(int requested) {
        return Math.min(Math.max(requested, 0), LAST_PAGE);
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
