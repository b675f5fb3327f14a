package io.hindsight.web;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.core.http.HttpServerRequest;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.core.HttpHeaders;
import org.jboss.resteasy.reactive.server.ServerResponseFilter;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * A one-time message carried across a post-redirect-get in a short-lived cookie: set before the
 * redirect, shown once on the next page, then cleared.
 */
@RequestScoped
@Unremovable
public class Flash {

    static final String COOKIE = "hs_flash";

    public enum Kind { SUCCESS, INFO, WARNING }

    public record Message(Kind kind, String text) {
        public String key() {
            return kind.name().toLowerCase();
        }
    }

    @Inject
    HttpServerRequest request;

    private Message outgoing;
    private boolean consumed;

    public void success(String text) {
        outgoing = new Message(Kind.SUCCESS, text);
    }

    public void info(String text) {
        outgoing = new Message(Kind.INFO, text);
    }

    public void warning(String text) {
        outgoing = new Message(Kind.WARNING, text);
    }

    /** The message set by the previous request, if any; reading it clears it. */
    public Message incoming() {
        Cookie cookie = request.getCookie(COOKIE);
        if (cookie == null) {
            return null;
        }
        consumed = true;
        return decode(cookie.getValue());
    }

    Message outgoing() {
        return outgoing;
    }

    boolean consumed() {
        return consumed;
    }

    static Message decode(String value) {
        String text = URLDecoder.decode(value == null ? "" : value, StandardCharsets.UTF_8);
        int colon = text.indexOf(':');
        if (colon < 0) {
            return null;
        }
        try {
            return new Message(Kind.valueOf(text.substring(0, colon)), text.substring(colon + 1));
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Writes or clears the cookie on the way out. */
    public static class Filter {

        @Inject
        Flash flash;

        @ServerResponseFilter
        public void writeCookie(ContainerResponseContext response) {
            // Through methods, not fields: the injected Flash is a client proxy of the request's instance.
            Message message = flash.outgoing();
            if (message != null) {
                String value = URLEncoder.encode(message.kind().name() + ":" + message.text(), StandardCharsets.UTF_8);
                response.getHeaders().add(HttpHeaders.SET_COOKIE, cookie(value, 60));
            } else if (flash.consumed()) {
                response.getHeaders().add(HttpHeaders.SET_COOKIE, cookie("", 0));
            }
        }

        private static String cookie(String value, int maxAge) {
            return Cookie.cookie(COOKIE, value).setPath("/").setHttpOnly(true).setSameSite(CookieSameSite.LAX)
                    .setMaxAge(maxAge).encode();
        }
    }
}
