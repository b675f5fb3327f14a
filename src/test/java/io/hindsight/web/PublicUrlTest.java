package io.hindsight.web;

import org.junit.jupiter.api.Test;

import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What counts as a public address, which addresses are loopback, and that a configured one wins. */
class PublicUrlTest {

    @Test
    void addressesAreAbsoluteHttpWithoutQueryFragmentOrUserInfo() {
        assertEquals(Optional.of("https://hindsight.example.com"), PublicUrl.normalize(" https://Hindsight.Example.com/ "));
        assertEquals(Optional.of("http://10.1.2.3:8080/tools/hindsight"), PublicUrl.normalize("http://10.1.2.3:8080/tools/hindsight//"));
        assertEquals(Optional.of("http://[::1]:8080"), PublicUrl.normalize("http://[::1]:8080"));
        for (String wrong : new String[] {null, "", "   ", "hindsight.example.com", "/relative", "ftp://x.example", "javascript:alert(1)",
                "https://", "https://u:p@x.example", "https://x.example/?a=1", "https://x.example/#top", "https://x y.example"}) {
            assertEquals(Optional.empty(), PublicUrl.normalize(wrong), String.valueOf(wrong));
        }
    }

    @Test
    void loopbackIsLocalhost127Slash8AndIpv6One() {
        for (String loop : new String[] {"http://localhost:8080", "http://LOCALHOST", "http://app.localhost", "http://127.0.0.1",
                "http://127.255.0.9:9000", "http://[::1]:8080", "http://[0:0:0:0:0:0:0:1]"}) {
            assertTrue(PublicUrl.loopback(loop), loop);
        }
        for (String reachable : new String[] {"https://hindsight.example.com", "http://10.0.0.1", "http://128.0.0.1",
                "http://localhost.example.com", "http://[::2]", "http://1270.0.0.1"}) {
            assertFalse(PublicUrl.loopback(reachable), reachable);
        }
    }

    @Test
    void aConfiguredAddressWinsWithoutLookingAtTheDatabase() {
        PublicUrl url = new PublicUrl();
        url.config = () -> Optional.of("https://configured.example.com/");
        // No data source at all: the recorded address is never consulted.
        assertEquals("https://configured.example.com", url.base());
        assertEquals(PublicUrl.Source.CONFIGURED, url.source());
        assertEquals("https://configured.example.com/share/x", url.of("/share/x"));
        assertFalse(url.isLoopback());
    }
}
