package dev.tagdesk.support;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The two message bundles as the application reads them, so rule tests can prove that every code
 * they see has a message in English and in Chinese, and that the message's placeholders are filled.
 */
public final class Translations {

    public static final Map<Locale, Properties> BUNDLES = Map.of(
            Locale.ENGLISH,
            load("/messages.properties"),
            Locale.SIMPLIFIED_CHINESE,
            load("/messages_zh_CN.properties"));

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\d+)");

    private Translations() {}

    /** Whether both bundles have {@code key}. */
    public static boolean translated(String key) {
        return BUNDLES.values().stream().allMatch(bundle -> bundle.getProperty(key) != null);
    }

    /**
     * Whether the message of {@code key} can be written in both languages with {@code args}: every
     * placeholder it uses has a non-null argument (else the user reads "{1}" or "null").
     */
    public static boolean fillable(String key, Object... args) {
        for (var bundle : BUNDLES.entrySet()) {
            String template = bundle.getValue().getProperty(key);
            if (template == null) {
                return false;
            }
            Matcher placeholder = PLACEHOLDER.matcher(template);
            while (placeholder.find()) {
                int index = Integer.parseInt(placeholder.group(1));
                if (index >= args.length || args[index] == null) {
                    return false;
                }
            }
            new MessageFormat(template, bundle.getKey()).format(args);
        }
        return true;
    }

    /** Whether the message of {@code key} uses placeholder {@code index} (in either language). */
    public static boolean uses(String key, int index) {
        return BUNDLES.values().stream()
                .map(bundle -> bundle.getProperty(key, ""))
                .anyMatch(template -> template.contains("{" + index));
    }

    private static Properties load(String resource) {
        try (var in = Translations.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is not on the class path");
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
