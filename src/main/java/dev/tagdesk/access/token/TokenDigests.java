package dev.tagdesk.access.token;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The keyed digest a token is stored as: HMAC-SHA-256 under the digest key. The key is
 * {@code tagdesk.tokens.digest-key} (base64, at least 32 bytes) when the operator sets one, else a
 * random key made once in the database so that every instance agrees. Changing the key retires
 * every token issued under the old one.
 */
@Component
class TokenDigests {

    private final JdbcClient jdbc;
    private final String configuredKey;
    private volatile byte[] key;

    TokenDigests(JdbcClient jdbc, @Value("${tagdesk.tokens.digest-key:}") String configuredKey) {
        this.jdbc = jdbc;
        this.configuredKey = configuredKey;
    }

    byte[] digest(String token) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key(), "HmacSHA256"));
            return mac.doFinal(token.getBytes(StandardCharsets.US_ASCII));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA-256 is not available", e);
        }
    }

    private byte[] key() {
        byte[] known = key;
        if (known == null) {
            known = configuredKey.isBlank() ? storedKey() : configured();
            key = known;
        }
        return known;
    }

    private byte[] configured() {
        byte[] bytes = Base64.getDecoder().decode(configuredKey.strip());
        if (bytes.length < 32) {
            throw new IllegalStateException("tagdesk.tokens.digest-key must hold at least 32 bytes (base64)");
        }
        return bytes;
    }

    private byte[] storedKey() {
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        jdbc.sql("insert into token_digest_key (id, key) values (1, ?) on conflict (id) do nothing")
                .param(fresh)
                .update();
        return jdbc.sql("select key from token_digest_key where id = 1")
                .query(byte[].class)
                .single();
    }
}
