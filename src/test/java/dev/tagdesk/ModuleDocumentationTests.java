package dev.tagdesk;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.core.ApplicationModules;
import org.springframework.modulith.docs.Documenter;

/**
 * Writes the module documentation that Spring Modulith's {@link Documenter} derives from the code into
 * {@code docs/modules/} (committed, linked from {@code docs/architecture.md}): the C4 component diagram
 * of all modules and one per module (PlantUML), and each module's canvas (AsciiDoc: its API types,
 * Spring beans, events published and listened to, properties). A change to a module's dependencies or
 * public types shows in {@code git diff docs/modules} after {@code mvn test}.
 */
class ModuleDocumentationTests {

    static final Path OUTPUT = Path.of("docs", "modules");

    @Test
    void writesTheModuleDiagramsAndCanvases() throws IOException {
        ApplicationModules modules = ApplicationModules.of(TagDeskApplication.class);

        new Documenter(modules, Documenter.Options.defaults().withOutputFolder(OUTPUT.toString())).writeDocumentation();
        try (Stream<Path> files = Files.list(OUTPUT)) {
            for (Path diagram :
                    files.filter(f -> f.toString().endsWith(".puml")).toList()) {
                inStableOrder(diagram);
            }
        }

        assertThat(OUTPUT.resolve("components.puml")).exists();
        for (String module : new String[] {"access", "directory", "tag", "rule", "transfer", "web"}) {
            assertThat(OUTPUT.resolve("module-" + module + ".puml")).exists();
            assertThat(OUTPUT.resolve("module-" + module + ".adoc")).exists();
        }
        // The tag module builds on the directory, never the other way round.
        String all = Files.readString(OUTPUT.resolve("components.puml"));
        assertThat(all).contains(relation("Tag", "Directory")).doesNotContain(relation("Directory", "Tag"));
    }

    /**
     * The Documenter lists a diagram's components and relations in the order of a hash set, which
     * changes from run to run; sorted, the committed files change only when the modules do.
     */
    private static void inStableOrder(Path diagram) throws IOException {
        List<String> lines = Files.readAllLines(diagram);
        List<String> sorted = new ArrayList<>();
        int i = 0;
        while (i < lines.size()) {
            String kind = kind(lines.get(i));
            int j = i + 1;
            while (kind != null && j < lines.size() && kind.equals(kind(lines.get(j)))) {
                j++;
            }
            List<String> block = new ArrayList<>(lines.subList(i, j));
            if (kind != null) {
                Collections.sort(block);
            }
            sorted.addAll(block);
            i = j;
        }
        Files.write(diagram, sorted);
    }

    private static String kind(String line) {
        String trimmed = line.strip();
        return trimmed.startsWith("Rel(") ? "Rel" : trimmed.startsWith("Component(") ? "Component" : null;
    }

    private static String relation(String from, String to) {
        return "Rel(TagDeskApplication.TagDeskApplication." + from + ", TagDeskApplication.TagDeskApplication." + to
                + ",";
    }
}
