package io.hindsight.session;

/**
 * What a token is for, carried in its {@code use} claim: a session cookie token is never accepted
 * as an API bearer token and the other way round.
 */
public enum TokenUse {
    SESSION("session"),
    API("api");

    private final String claim;

    TokenUse(String claim) {
        this.claim = claim;
    }

    public String claim() {
        return claim;
    }
}
