package io.hindsight.share;

import io.hindsight.PortalClient;
import io.restassured.response.Response;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Share links as an editor creates them on the Share page. */
public final class ShareLinks {

    private static final Pattern LINK = Pattern.compile("<code class=\"token-value\">https?://[^/]+(/share/[A-Za-z0-9_-]+)</code>");

    private ShareLinks() {
    }

    /** Creates a share link for the postmortem of incident {@code id}; its path, {@code /share/…}. */
    public static String create(PortalClient editor, long id) {
        Response created = editor.open("/incidents/" + id + "/postmortem/share").submit("/incidents/" + id + "/postmortem/share", Map.of());
        assertEquals(200, created.statusCode());
        Matcher link = LINK.matcher(created.asString());
        assertTrue(link.find(), created.asString());
        return link.group(1);
    }
}
