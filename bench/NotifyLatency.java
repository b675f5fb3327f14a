import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.CookieManager;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Notification latency against a running portal: a Slack stand-in (JDK HttpServer answering "ok"),
 * one destination for incident-declared added through Admin → Integrations, then incidents recorded
 * through the API one at a time. For each one it measures from the API call to the moment the
 * stand-in receives the message. Run by bench/notify-latency.sh; usable on its own:
 *
 *   java bench/NotifyLatency.java http://localhost:18080 admin@example.com 'password' [count] [spacing-ms]
 */
public class NotifyLatency {

    private static final Pattern CSRF = Pattern.compile("name=\"csrf-token\" value=\"([^\"]+)\"");
    private static final Pattern TOKEN = Pattern.compile("\"access_token\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern BENCH_TITLE = Pattern.compile("Bench incident (\\d+) ");

    public static void main(String[] args) throws Exception {
        String base = args[0];
        String email = args[1];
        String password = args[2];
        int count = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        long spacingMs = args.length > 4 ? Long.parseLong(args[4]) : 1200;

        Map<Integer, Long> received = new ConcurrentHashMap<>();
        HttpServer slack = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 50);
        slack.setExecutor(Executors.newCachedThreadPool());
        slack.createContext("/", exchange -> {
            long at = System.nanoTime();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Matcher title = BENCH_TITLE.matcher(body);
            if (title.find()) {
                received.putIfAbsent(Integer.parseInt(title.group(1)), at);
            }
            byte[] ok = "ok".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, ok.length);
            exchange.getResponseBody().write(ok);
            exchange.close();
        });
        slack.start();
        String webhook = "http://127.0.0.1:" + slack.getAddress().getPort() + "/services/TBENCH/BBENCH/" + UUID.randomUUID();

        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        String login = get(browser, base + "/login");
        expect(303, postForm(browser, base + "/login", csrf(login), Map.of("email", email, "password", password, "next", "/")), "sign in");
        String integrations = get(browser, base + "/admin/integrations");
        expect(303, postForm(browser, base + "/admin/integrations", csrf(integrations),
                Map.of("name", "#bench-" + System.currentTimeMillis(), "webhookUrl", webhook, "events", "incident-declared")), "add destination");

        HttpClient api = HttpClient.newHttpClient();
        String token = token(api, base, email, password);
        long tokenAt = System.nanoTime();

        List<Double> fromRequest = new ArrayList<>();
        List<Double> fromResponse = new ArrayList<>();
        List<Double> apiTimes = new ArrayList<>();
        int missing = 0;
        for (int i = 1; i <= count; i++) {
            if (System.nanoTime() - tokenAt > 180_000_000_000L) {
                token = token(api, base, email, password);
                tokenAt = System.nanoTime();
            }
            String started = Instant.now().minus(10, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString();
            String json = "{\"title\":\"Bench incident " + i + " " + UUID.randomUUID().toString().substring(0, 8)
                    + "\",\"severity\":\"SEV3\",\"status\":\"INVESTIGATING\",\"started_at\":\"" + started + "\"}";
            long sent = System.nanoTime();
            HttpResponse<String> created = api.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/incidents"))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            long answered = System.nanoTime();
            expect(201, created.statusCode(), "record incident " + i + ": " + created.body());
            apiTimes.add((answered - sent) / 1e6);
            long deadline = answered + 15_000_000_000L;
            while (!received.containsKey(i) && System.nanoTime() < deadline) {
                Thread.sleep(1);
            }
            Long at = received.get(i);
            if (at == null) {
                missing++;
            } else {
                fromRequest.add((at - sent) / 1e6);
                fromResponse.add((at - answered) / 1e6);
            }
            long rest = spacingMs - (System.nanoTime() - sent) / 1_000_000;
            if (rest > 0 && i < count) {
                Thread.sleep(rest);
            }
        }
        slack.stop(0);

        System.out.printf("Notification latency — %d incidents, one every %d ms, %d cores, %s%n", count, spacingMs,
                Runtime.getRuntime().availableProcessors(), Instant.now().truncatedTo(ChronoUnit.SECONDS));
        System.out.println("| measured from                                        |    p50 |    p95 |    max |");
        System.out.println("|------------------------------------------------------|--------|--------|--------|");
        row("API call sent → message at the stand-in", fromRequest);
        row("API answered (committed) → message at the stand-in", fromResponse);
        row("API call sent → API answered (for reference)", apiTimes);
        if (missing > 0) {
            System.out.println("MISSING: " + missing + " messages did not arrive within 15 s");
            System.exit(1);
        }
    }

    private static void row(String label, List<Double> values) {
        System.out.printf("| %-52s | %6s | %6s | %6s |%n", label, ms(percentile(values, 50)), ms(percentile(values, 95)),
                ms(percentile(values, 100)));
    }

    private static String ms(double value) {
        return String.format("%.0f ms", value);
    }

    private static double percentile(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        if (sorted.isEmpty()) {
            return Double.NaN;
        }
        int rank = (int) Math.ceil(p / 100.0 * sorted.size());
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
    }

    private static String token(HttpClient api, String base, String email, String password) throws Exception {
        HttpResponse<String> response = api.send(HttpRequest.newBuilder(URI.create(base + "/api/v1/auth/token"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        Matcher token = TOKEN.matcher(response.body());
        if (!token.find()) {
            throw new IllegalStateException("no access token: " + response.statusCode() + " " + response.body());
        }
        return token.group(1);
    }

    private static String get(HttpClient client, String url) throws IOException, InterruptedException {
        HttpResponse<String> page = client.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
        expect(200, page.statusCode(), "GET " + url);
        return page.body();
    }

    private static int postForm(HttpClient client, String url, String csrf, Map<String, String> fields) throws Exception {
        Map<String, String> all = new LinkedHashMap<>(fields);
        all.put("csrf-token", csrf);
        String body = all.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return client.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private static String csrf(String html) {
        Matcher token = CSRF.matcher(html);
        if (!token.find()) {
            throw new IllegalStateException("no CSRF token on the page");
        }
        return token.group(1);
    }

    private static void expect(int expected, int actual, String what) {
        if (expected != actual) {
            throw new IllegalStateException(what + ": expected HTTP " + expected + ", got " + actual);
        }
    }
}
