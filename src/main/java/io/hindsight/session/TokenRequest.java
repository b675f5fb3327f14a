package io.hindsight.session;

import io.quarkus.security.identity.request.BaseAuthenticationRequest;

/** A token found on a request: the session cookie of a browser, or a bearer token of a program. */
public class TokenRequest extends BaseAuthenticationRequest {

    public enum Source { COOKIE, BEARER }

    private final String token;
    private final Source source;

    public TokenRequest(String token, Source source) {
        this.token = token;
        this.source = source;
    }

    public String token() {
        return token;
    }

    public Source source() {
        return source;
    }
}
