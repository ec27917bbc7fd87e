package dev.tagdesk.web;

import dev.tagdesk.shared.TextInput;
import java.time.Instant;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.JacksonModule;
import tools.jackson.databind.deser.jdk.StringDeserializer;
import tools.jackson.databind.deser.std.StdDeserializer;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.ext.javatime.deser.InstantDeserializer;
import tools.jackson.databind.module.SimpleModule;

/**
 * The text boundary inside JSON bodies: a string holding U+0000 or half of a surrogate pair (a JSON
 * escape such as {@code \ud800} can make one), and a time outside the years 1 to 9999 (PostgreSQL and
 * every spreadsheet would choke on {@code +300000-01-01}), are refused as the body is read; the API
 * answers 400 naming the field ({@link ApiErrors}).
 */
@Configuration(proxyBeanMethods = false)
class JsonTextChecks {

    static final Instant EARLIEST = Instant.parse("0001-01-01T00:00:00Z");
    static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999Z");

    @Bean
    JacksonModule checkedText() {
        return new SimpleModule("TagDeskTextChecks")
                .addDeserializer(String.class, new CheckedString())
                .addDeserializer(Instant.class, new CheckedInstant());
    }

    /** Jackson's own string reading, then the boundary's check. */
    static final class CheckedString extends StringDeserializer {
        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) {
            String text = super.deserialize(parser, context);
            String refused = TextInput.refusedCharacter(text);
            if (refused != null) {
                throw InvalidFormatException.from(parser, "refused character " + refused, refused, String.class);
            }
            return text;
        }
    }

    /** Jackson's own instant reading, then the range every store and file of TagDesk can hold. */
    static final class CheckedInstant extends StdDeserializer<Instant> {
        CheckedInstant() {
            super(Instant.class);
        }

        @Override
        public Instant deserialize(JsonParser parser, DeserializationContext context) {
            Instant instant = InstantDeserializer.INSTANT.deserialize(parser, context);
            if (instant != null && (instant.isBefore(EARLIEST) || instant.isAfter(LATEST))) {
                throw InvalidFormatException.from(parser, "instant out of range", instant.toString(), Instant.class);
            }
            return instant;
        }
    }
}
