package io.hindsight;

import io.restassured.response.Response;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The raw {@code Set-Cookie} headers of a response, read attribute by attribute as a browser does. */
public final class SetCookies {

    /** One Set-Cookie header: name, value and attributes (lower-case names; flags map to ""). */
    public record SetCookie(String raw, String name, String value, Map<String, String> attributes) {

        public boolean has(String attribute) {
            return attributes.containsKey(attribute.toLowerCase(Locale.ROOT));
        }

        public Optional<String> attribute(String attribute) {
            return Optional.ofNullable(attributes.get(attribute.toLowerCase(Locale.ROOT)));
        }

        public Optional<Long> maxAge() {
            return attribute("Max-Age").map(Long::valueOf);
        }

        /** A header that tells the browser to drop the cookie. */
        public boolean clears() {
            return value.isEmpty() || maxAge().map(age -> age <= 0).orElse(false);
        }
    }

    private SetCookies() {
    }

    public static List<SetCookie> all(Response response) {
        return response.headers().getValues("Set-Cookie").stream().map(SetCookies::parse).toList();
    }

    /** The Set-Cookie header for {@code name}, if the response has one. */
    public static Optional<SetCookie> named(Response response, String name) {
        return all(response).stream().filter(c -> c.name().equals(name)).findFirst();
    }

    static SetCookie parse(String raw) {
        String[] parts = raw.split(";");
        String first = parts[0].strip();
        int eq = first.indexOf('=');
        Map<String, String> attributes = new LinkedHashMap<>();
        for (int i = 1; i < parts.length; i++) {
            String part = parts[i].strip();
            if (part.isEmpty()) {
                continue;
            }
            int at = part.indexOf('=');
            attributes.put((at < 0 ? part : part.substring(0, at)).strip().toLowerCase(Locale.ROOT),
                    at < 0 ? "" : part.substring(at + 1).strip());
        }
        return new SetCookie(raw, first.substring(0, eq), first.substring(eq + 1), attributes);
    }
}
