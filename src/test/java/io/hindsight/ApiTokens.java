package io.hindsight;

import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.Response;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A program getting and renewing its tokens at /api/v1/auth. */
public final class ApiTokens {

    /** What the token endpoint answered. */
    public record Issued(String accessToken, String refreshToken, long expiresIn, String scope) {
        public static Issued of(Response response) {
            assertEquals(200, response.statusCode(), () -> "tokens should be issued: " + response.asString());
            return new Issued(response.path("access_token"), response.path("refresh_token"),
                    ((Number) response.path("expires_in")).longValue(), response.path("scope"));
        }
    }

    private ApiTokens() {
    }

    /** POST /api/v1/auth/token with email and password. */
    public static Response requestWithPassword(String email, String password) {
        return RestAssured.given().contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(Map.of("email", email, "password", password)).post("/api/v1/auth/token");
    }

    /** POST /api/v1/auth/token with email and password, from {@code address} (see {@link Addresses}). */
    public static Response requestWithPassword(String email, String password, String address) {
        return RestAssured.given().contentType(ContentType.JSON).accept(ContentType.JSON).header("X-Forwarded-For", address)
                .body(Map.of("email", email, "password", password)).post("/api/v1/auth/token");
    }

    /** Signs a program in as {@code account} and returns its tokens. */
    public static Issued signIn(TestAccounts.Account account) {
        return Issued.of(requestWithPassword(account.email(), account.password()));
    }

    /** POST /api/v1/auth/token with a personal access token. */
    public static Response exchange(String personalAccessToken) {
        return RestAssured.given().contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(Map.of("personal_access_token", personalAccessToken)).post("/api/v1/auth/token");
    }

    /** POST /api/v1/auth/refresh. */
    public static Response refresh(String refreshToken) {
        return RestAssured.given().contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(Map.of("refresh_token", refreshToken)).post("/api/v1/auth/refresh");
    }

    /** POST /api/v1/auth/revoke. */
    public static Response revoke(String refreshToken) {
        return RestAssured.given().contentType(ContentType.JSON).accept(ContentType.JSON)
                .body(Map.of("refresh_token", refreshToken)).post("/api/v1/auth/revoke");
    }
}
