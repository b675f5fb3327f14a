package io.hindsight.web;

import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpServerRequest;
import io.quarkus.arc.Unremovable;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;

import java.time.DateTimeException;
import java.time.ZoneId;

/**
 * The time zone of the person looking at a page. The browser reports it in the {@value #COOKIE}
 * cookie (set by /static/app.js); without it, times are shown in UTC.
 */
@RequestScoped
@Unremovable
public class ViewerZone {

    public static final String COOKIE = "tz";
    private static final ZoneId UTC = ZoneId.of("UTC");

    @Inject
    HttpServerRequest request;

    private ZoneId zone;

    public ZoneId zone() {
        if (zone == null) {
            zone = parse(request.getCookie(COOKIE));
        }
        return zone;
    }

    static ZoneId parse(Cookie cookie) {
        if (cookie == null || cookie.getValue() == null || cookie.getValue().length() > 64) {
            return UTC;
        }
        try {
            return ZoneId.of(java.net.URLDecoder.decode(cookie.getValue(), java.nio.charset.StandardCharsets.UTF_8));
        } catch (DateTimeException | IllegalArgumentException e) {
            return UTC;
        }
    }
}
