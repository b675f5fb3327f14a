package io.hindsight.notify;

import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.UnresolvedAddressException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Why a delivery failed, as the admin reads it under Integrations and Deliveries: words, not exception class names. */
class DeliveryFailureWordsTest {

    @Test
    void networkFailuresAreSaidInWords() {
        assertEquals(" (the host name was not found)", SlackWebhook.detail(new UnresolvedAddressException()));
        assertEquals(" (the host name was not found)", SlackWebhook.detail(new UnknownHostException("hooks.invalid")));
        assertEquals(" (the connection was closed before an answer)", SlackWebhook.detail(new ClosedChannelException()));
        assertEquals(" (the connection was refused)", SlackWebhook.detail(new ConnectException("Connection refused")));
        assertEquals(" (the TLS handshake failed: PKIX path building failed)",
                SlackWebhook.detail(new javax.net.ssl.SSLHandshakeException("PKIX path building failed")));
    }

    @Test
    void anythingElseIsItsOwnMessageAndOnlyWithoutOneItsKind() {
        assertEquals(" (port out of range:99999)", SlackWebhook.detail(new IllegalArgumentException("port out of range:99999")));
        assertEquals(" (IllegalStateException)", SlackWebhook.detail(new IllegalStateException()));
    }
}
