package dev.tagdesk.bench;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** What every benchmark times with: a run in seconds, the median of several, the runs as text. */
public final class Timing {

    private Timing() {}

    /** Work that may throw, timed as it runs. */
    public interface Work {
        void run() throws Exception;
    }

    public static double seconds(Work work) throws Exception {
        long start = System.nanoTime();
        work.run();
        return (System.nanoTime() - start) / 1e9;
    }

    public static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    public static String runs(List<Double> values) {
        return values.stream().map(v -> String.format(Locale.ROOT, "%.3f", v)).toList().toString();
    }
}
