package dev.tagdesk.tag.color;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class Ciede2000Tests {

    record Pair(int line, Lab first, Lab second, double expected) {}

    static Stream<Pair> sharmaTable() throws IOException {
        try (var in = Ciede2000Tests.class.getResourceAsStream("/data/ciede2000-sharma-2005.tsv");
                var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            List<String> lines = reader.lines().toList();
            List<Pair> pairs = new java.util.ArrayList<>();
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.startsWith("#") || line.startsWith("L1") || line.isBlank()) {
                    continue;
                }
                double[] v = java.util.Arrays.stream(line.split("\t"))
                        .mapToDouble(Double::parseDouble)
                        .toArray();
                pairs.add(new Pair(i + 1, new Lab(v[0], v[1], v[2]), new Lab(v[3], v[4], v[5]), v[6]));
            }
            return pairs.stream();
        }
    }

    @Test
    void theTableHasAll34Pairs() throws IOException {
        assertThat(sharmaTable()).hasSize(34);
    }

    @ParameterizedTest(name = "line {0}")
    @MethodSource("sharmaTable")
    void matchesTheSharmaTableToFourDecimals(Pair pair) {
        assertThat(Ciede2000.difference(pair.first(), pair.second())).isCloseTo(pair.expected(), within(0.00005));
        assertThat(Ciede2000.difference(pair.second(), pair.first()))
                .as("symmetric")
                .isCloseTo(pair.expected(), within(0.00005));
    }

    @Test
    void aColourIsIdenticalToItself() {
        Lab lab = Rgb.parse("#1E6FD9").orElseThrow().lab();
        assertThat(Ciede2000.difference(lab, lab)).isZero();
    }

    @Test
    void srgbToLabMatchesKnownValues() {
        Lab white = Rgb.parse("#FFFFFF").orElseThrow().lab();
        assertThat(white.l()).isCloseTo(100, within(0.01));
        assertThat(white.a()).isCloseTo(0, within(0.01));
        Lab red = Rgb.parse("#FF0000").orElseThrow().lab();
        assertThat(red.l()).isCloseTo(53.24, within(0.05));
        assertThat(red.a()).isCloseTo(80.09, within(0.05));
        assertThat(red.b()).isCloseTo(67.20, within(0.05));
    }
}
