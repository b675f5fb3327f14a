package io.hindsight.session;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A real OpenID provider for the single sign-on tests: the certified {@code oidc-provider} npm package run
 * with this machine's Node (src/test/oidc-provider, dependencies pinned by its package-lock.json and
 * installed with {@code npm ci} when missing). It listens on 127.0.0.1 and Hindsight on localhost, so their
 * cookies stay apart as they would on two hosts; Hindsight gets a fixed test port because the provider
 * only accepts the redirect URI registered for its client.
 *
 * <p>Without Node and npm the tests cannot run: in CI ({@code CI=true}) that fails the run loudly; elsewhere
 * the tests are skipped with the reason ({@link #AVAILABLE} is false).
 */
public class OidcProviderResource implements QuarkusTestResourceLifecycleManager {

    /** Config key the tests read: "true" when the provider runs. */
    public static final String AVAILABLE = "hindsight.test.oidc-provider.available";
    public static final String CLIENT_ID = "hindsight-tests";
    public static final String PROVIDER_NAME = "Test IdP";

    private static final Path APP = Path.of("src/test/oidc-provider");
    private static final Path LOG = Path.of("target/oidc-provider.log");

    private Process provider;

    @Override
    public Map<String, String> start() {
        List<String> missing = List.of("node", "npm").stream().filter(tool -> !runs(tool, "--version")).toList();
        if (!missing.isEmpty()) {
            String why = "The single sign-on tests need Node and npm to run their OpenID provider (src/test/oidc-provider); "
                    + "not found: " + missing;
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(why);
            }
            System.err.println(why + ". Skipping them.");
            return Map.of(AVAILABLE, "false");
        }
        try {
            if (!Files.isDirectory(APP.resolve("node_modules"))) {
                install();
            }
            int providerPort = freePort();
            int portalPort = freePort();
            byte[] random = new byte[24];
            new SecureRandom().nextBytes(random);
            String secret = HexFormat.of().formatHex(random);
            String issuer = startProvider(providerPort, secret, "http://localhost:" + portalPort + OidcTenant.CALLBACK);
            return Map.of(AVAILABLE, "true",
                    "quarkus.http.test-port", String.valueOf(portalPort),
                    "hindsight.oidc.issuer", issuer,
                    "hindsight.oidc.client-id", CLIENT_ID,
                    "hindsight.oidc.client-secret", secret,
                    "hindsight.oidc.provider-name", PROVIDER_NAME);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static void install() throws IOException, InterruptedException {
        Files.createDirectories(LOG.getParent());
        Process npm = new ProcessBuilder("npm", "ci", "--no-audit", "--no-fund")
                .directory(APP.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(LOG.toFile()))
                .start();
        if (!npm.waitFor(5, TimeUnit.MINUTES)) {
            npm.destroyForcibly();
            throw new IllegalStateException("npm ci in " + APP + " took longer than 5 minutes; see " + LOG);
        }
        if (npm.exitValue() != 0) {
            throw new IllegalStateException("npm ci in " + APP + " failed (exit " + npm.exitValue() + "); see " + LOG);
        }
    }

    private String startProvider(int port, String secret, String redirectUri) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder("node", "server.mjs").directory(APP.toFile()).redirectErrorStream(true);
        builder.environment().put("PORT", String.valueOf(port));
        builder.environment().put("CLIENT_ID", CLIENT_ID);
        builder.environment().put("CLIENT_SECRET", secret);
        builder.environment().put("REDIRECT_URI", redirectUri);
        provider = builder.start();
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread output = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(provider.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    if (line.startsWith("listening ")) {
                        ready.complete(line.substring("listening ".length()).strip());
                    }
                    Files.writeString(LOG, line + System.lineSeparator(), StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.completeExceptionally(new IllegalStateException("the OpenID provider stopped before it listened; see " + LOG));
        }, "oidc-provider-output");
        output.setDaemon(true);
        Files.createDirectories(LOG.getParent());
        output.start();
        try {
            return ready.get(60, TimeUnit.SECONDS);
        } catch (Exception e) {
            provider.destroyForcibly();
            throw new IllegalStateException("The OpenID provider did not start: " + e.getMessage() + " (see " + LOG + ")", e);
        }
    }

    @Override
    public void stop() {
        if (provider != null) {
            provider.destroy();
            try {
                if (!provider.waitFor(10, TimeUnit.SECONDS)) {
                    provider.destroyForcibly();
                }
            } catch (InterruptedException e) {
                provider.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    private static boolean runs(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        }
    }
}
