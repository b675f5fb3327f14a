package io.hindsight.web;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The one reading of pasted http(s) addresses that webhooks, trackers and the public address share. */
class HttpAddressTest {

    @Test
    void eachProblemIsFoundAndNamed() {
        Map<String, HttpAddress.Problem> cases = Map.of(
                "https://exa mple.com/", HttpAddress.Problem.UNREADABLE,
                "ftp://example.com/", HttpAddress.Problem.NOT_HTTP,
                "/relative/path", HttpAddress.Problem.NOT_HTTP,
                "https:///path", HttpAddress.Problem.NO_HOST,
                "https://example.com:0/", HttpAddress.Problem.PORT_OUT_OF_RANGE,
                "https://example.com:65536/", HttpAddress.Problem.PORT_OUT_OF_RANGE,
                "https://ada:secret@example.com/", HttpAddress.Problem.USER_INFO,
                "https://example.com/a?b=c", HttpAddress.Problem.QUERY,
                "https://example.com/a#b", HttpAddress.Problem.FRAGMENT);
        cases.forEach((address, problem) -> assertEquals(Optional.of(problem), HttpAddress.problem(address, false), address));
    }

    @Test
    void goodAddressesHaveNoProblemAndAQueryIsAllowedWhereAsked() {
        for (String address : new String[] {"https://hooks.slack.com/services/T0/B0/x", "http://chat.internal:8065/hooks/abc",
                "HTTPS://Example.COM", "https://[::1]:65535/"}) {
            assertEquals(Optional.empty(), HttpAddress.problem(address, false), address);
        }
        assertEquals(Optional.empty(), HttpAddress.problem("https://prod.logic.azure.com/workflows/1?api-version=1&sig=x", true));
    }
}
