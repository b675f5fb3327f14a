package io.hindsight.tracker;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The signature GitHub and Jira send, checked against GitHub's own documented example. */
class WebhookSignatureTest {

    private static final byte[] BODY = "Hello, World!".getBytes(StandardCharsets.UTF_8);
    private static final String SECRET = "It's a Secret to Everybody";
    private static final String DOCUMENTED = "sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17";

    @Test
    void signsAsGithubDocumentsIt() {
        assertEquals(DOCUMENTED, WebhookSignature.sign(SECRET, BODY));
        assertTrue(WebhookSignature.verifies(SECRET, BODY, DOCUMENTED));
        assertTrue(WebhookSignature.verifies(SECRET, BODY, DOCUMENTED.toUpperCase().replace("SHA256=", "sha256=")), "hex in either case");
    }

    @Test
    void refusesEverythingElse() {
        assertFalse(WebhookSignature.verifies(SECRET, "Hello, World?".getBytes(StandardCharsets.UTF_8), DOCUMENTED), "another body");
        assertFalse(WebhookSignature.verifies("another secret", BODY, DOCUMENTED));
        assertFalse(WebhookSignature.verifies(SECRET, BODY, DOCUMENTED.substring("sha256=".length())), "no algorithm prefix");
        assertFalse(WebhookSignature.verifies(SECRET, BODY, "sha1=" + DOCUMENTED.substring(7)));
        assertFalse(WebhookSignature.verifies(SECRET, BODY, null));
        assertFalse(WebhookSignature.verifies("", BODY, DOCUMENTED), "no secret, no trust");
        assertFalse(WebhookSignature.same("", ""));
        assertTrue(WebhookSignature.same("shared-token-123456", "shared-token-123456"));
        assertFalse(WebhookSignature.same("shared-token-123456", "shared-token-12345"));
    }
}
