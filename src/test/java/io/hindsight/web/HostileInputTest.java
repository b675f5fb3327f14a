package io.hindsight.web;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.agroal.api.AgroalDataSource;
import io.hindsight.Addresses;
import io.hindsight.ApiTokens;
import io.hindsight.Jwts;
import io.hindsight.PortalClient;
import io.hindsight.TestAccounts;
import io.hindsight.account.Role;
import io.hindsight.actionitem.ActionItems;
import io.hindsight.checklist.Checklists;
import io.hindsight.incident.Incidents;
import io.hindsight.notify.EventKey;
import io.hindsight.notify.Notifications;
import io.hindsight.postmortem.Postmortems;
import io.hindsight.share.ShareLinks;
import io.quarkus.arc.Arc;
import io.quarkus.resteasy.reactive.server.runtime.ResteasyReactiveRecorder;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.inject.Inject;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.MatrixParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestMatrix;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;
import org.jboss.resteasy.reactive.multipart.FileUpload;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * SECURITY.md 21, "no 500s, ever", for every route the portal has: the routes are read from the running portal itself
 * (the JAX-RS resource classes it deployed), so a new route is attacked without editing this test. Each form field,
 * query parameter, header parameter, uploaded file and JSON property gets a corpus of hostile values, as an editor and
 * as an admin (valid CSRF token on forms, a bearer token on the API). Every answer must be below 500, every 4xx under
 * {@code /api/} a problem document, and a refused request must leave the row count of every table as it was.
 */
@QuarkusTest
class HostileInputTest {

    /**
     * Routes not attacked, each because it would end the run's own session or destroy what the other routes work on.
     * Everything else is; the test fails if it covers fewer routes than the portal has minus these.
     */
    static final Map<String, String> EXCLUDED = Map.of(
            "POST /logout", "signs the attacking browser out; UnstorableInputTest and SessionRevocationTest cover it",
            "POST /setup/restore", "restores a backup over the whole database (only before setup; refused after)",
            "POST /trash/{id}/purge", "deletes the trashed incident for good, the fixture of the other Trash routes");

    /** Tables that record attempts, refused ones included, by design: the audit log and the sign-in attempts. */
    static final Set<String> RECORDS_ATTEMPTS = Set.of("audit_event", "login_attempt");

    /** The last path segments of routes that delete, revoke or disable what other routes use: attacked last. */
    static final Set<String> DESTRUCTIVE = Set.of("delete", "revoke", "revoke-others", "disable", "remove", "discard");

    /** Longest query value sent: longer request lines are refused by the HTTP layer (414) before the portal sees them. */
    static final int LONGEST_QUERY_VALUE = 3_000;

    @TestHTTPResource("/")
    URL portal;

    @Inject
    AgroalDataSource dataSource;

    @Inject
    ObjectMapper mapper;

    @Inject
    io.hindsight.lesson.FeedAddresses feedAddresses;

    @Inject
    io.hindsight.alerting.AlertSources alertSources;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private final String address = Addresses.unique();
    private final List<String> findings = new ArrayList<>();
    private int sent;

    // ---------------------------------------------------------------------------------------------------------------
    // The corpus
    // ---------------------------------------------------------------------------------------------------------------

    /**
     * One hostile value, as each place carries it: {@code text} in forms, queries and JSON strings; {@code raw}, when
     * set, the exact bytes instead (invalid UTF-8, half a surrogate pair, which no Java string can be encoded to);
     * {@code json}, when set, a JSON token instead of a string (numbers, objects).
     */
    record Hostile(String label, String text, byte[] raw, String json) {

        static Hostile text(String label, String text) {
            return new Hostile(label, text, null, null);
        }

        static Hostile bytes(String label, byte[] raw, String jsonEscaped) {
            return new Hostile(label, null, raw, jsonEscaped);
        }

        static Hostile token(String label, String text, String json) {
            return new Hostile(label, text, null, json);
        }

        byte[] bytes() {
            return raw != null ? raw : text.getBytes(StandardCharsets.UTF_8);
        }

        /** Percent-encoded for a query string or a form body; query values are cut to what a request line can hold. */
        String encoded(boolean query) {
            byte[] bytes = bytes();
            if (query && bytes.length > LONGEST_QUERY_VALUE) {
                bytes = java.util.Arrays.copyOf(bytes, LONGEST_QUERY_VALUE);
            }
            if (raw == null) {
                return URLEncoder.encode(new String(bytes, StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            }
            StringBuilder out = new StringBuilder();
            for (byte b : bytes) {
                out.append('%').append(HexFormat.of().withUpperCase().toHexDigits(b));
            }
            return out.toString();
        }

        /** As a JSON value; raw bytes are put between quotes as they are. */
        byte[] jsonValue() {
            if (json != null) {
                return json.getBytes(StandardCharsets.UTF_8);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            out.writeBytes("\"".getBytes(StandardCharsets.UTF_8));
            if (raw != null) {
                out.writeBytes(raw);
            } else {
                out.writeBytes(jsonEscape(text).getBytes(StandardCharsets.UTF_8));
            }
            out.writeBytes("\"".getBytes(StandardCharsets.UTF_8));
            return out.toByteArray();
        }

        /** For a header, or null when HTTP cannot carry it (controls, non-ASCII, more than a header line holds). */
        String header() {
            if (raw != null || text.length() > 1000 || !text.chars().allMatch(c -> c >= 0x20 && c < 0x7F)) {
                return null;
            }
            return text;
        }
    }

    static final List<Hostile> CORPUS = List.of(
            Hostile.text("NUL", "nul \u0000 here"),
            Hostile.text("C0 controls", "bell \u0007 escape \u001B backspace \b"),
            Hostile.bytes("lone surrogate", "half \u00ED\u00A0\u00BD face".getBytes(StandardCharsets.ISO_8859_1), "\"half \\ud83d face\""),
            Hostile.bytes("invalid UTF-8", new byte[] {'b', 'a', 'd', (byte) 0xFF, (byte) 0xFE, ' ', (byte) 0xC3}, null),
            Hostile.text("100 000 characters", "x".repeat(100_000)),
            Hostile.text("RTL override", "invoice\u202Etxt.exe"),
            Hostile.text("script", "<script>alert(1)</script>"),
            Hostile.text("SQL quote", "' OR 1=1--"),
            Hostile.text("SQL statement", "1;DROP TABLE incident;--"),
            Hostile.token("huge number", "99999999999999999999", "99999999999999999999"),
            Hostile.token("negative number", "-1", "-1"),
            Hostile.token("overflowing exponent", "1e999", "1e999"),
            Hostile.text("empty", ""),
            Hostile.text("path traversal", "../../../../etc/passwd"),
            Hostile.text("script URL", "javascript:alert(1)"),
            Hostile.token("object", "{\"a\":1}", "{\"a\":[1,{}]}"),
            Hostile.token("null", "null", "null"));

    // ---------------------------------------------------------------------------------------------------------------
    // The routes, as the portal deployed them
    // ---------------------------------------------------------------------------------------------------------------

    enum Place { QUERY, FORM, FILE, HEADER, JSON, BODY }

    record Input(Place place, String name, boolean list) {
    }

    record Route(String verb, String template, List<Input> inputs, String consumes, Class<?> body) {

        String key() {
            return verb + " " + template;
        }

        boolean api() {
            return template.startsWith("/api/");
        }

        boolean multipart() {
            return consumes != null && consumes.startsWith(MediaType.MULTIPART_FORM_DATA);
        }

        boolean form() {
            return !multipart() && (consumes != null && consumes.startsWith(MediaType.APPLICATION_FORM_URLENCODED)
                    || inputs.stream().anyMatch(i -> i.place() == Place.FORM));
        }

        boolean destructive() {
            String last = template.substring(template.lastIndexOf('/') + 1);
            return verb.equals("DELETE") || DESTRUCTIVE.contains(last);
        }
    }

    private static final Set<Class<? extends Annotation>> NOT_A_BODY = Set.of(RestPath.class, PathParam.class, RestQuery.class,
            QueryParam.class, RestForm.class, FormParam.class, BeanParam.class, RestHeader.class, HeaderParam.class,
            RestCookie.class, CookieParam.class, RestMatrix.class, MatrixParam.class, Context.class);

    /** Every resource method of every bean with {@code @Path}: what the portal serves. */
    List<Route> deployedRoutes() {
        Set<Class<?>> resources = new LinkedHashSet<>();
        for (Bean<?> bean : Arc.container().beanManager().getBeans(Object.class, Any.Literal.INSTANCE)) {
            if (bean.getBeanClass().isAnnotationPresent(Path.class)) {
                resources.add(bean.getBeanClass());
            }
        }
        // Cross-check with Quarkus REST's own routing table: every class-level path it routes is a resource found here.
        Set<String> found = new TreeSet<>();
        resources.forEach(c -> found.add(normalise(c.getAnnotation(Path.class).value())));
        Set<String> routed = new TreeSet<>();
        ResteasyReactiveRecorder.getCurrentDeployment().getClassMappers().forEach(m -> routed.add(normalise(m.template.template)));
        routed.removeIf(path -> path.startsWith("/q/"));
        assertTrue(found.containsAll(routed), () -> "resource classes not found as beans: " + difference(routed, found));

        List<Route> routes = new ArrayList<>();
        for (Class<?> resource : resources) {
            String base = resource.getAnnotation(Path.class).value();
            for (Method method : resource.getDeclaredMethods()) {
                String verb = verb(method);
                if (verb == null) {
                    assertTrue(!method.isAnnotationPresent(Path.class), () -> "sub-resource locators are not attacked yet: " + method);
                    continue;
                }
                Path sub = method.getAnnotation(Path.class);
                String template = normalise(base + (sub == null ? "" : "/" + sub.value()));
                Consumes consumes = method.isAnnotationPresent(Consumes.class) ? method.getAnnotation(Consumes.class)
                        : resource.getAnnotation(Consumes.class);
                List<Input> inputs = new ArrayList<>();
                Class<?> body = null;
                for (Parameter parameter : method.getParameters()) {
                    if (isBody(parameter)) {
                        body = parameter.getType();
                        if (body == String.class || body.isArray()) {
                            inputs.add(new Input(Place.BODY, "body", false));
                        } else {
                            for (String property : jsonProperties(parameter.getType())) {
                                inputs.add(new Input(Place.JSON, property, isListProperty(parameter.getType(), property)));
                            }
                        }
                    } else if (parameter.isAnnotationPresent(BeanParam.class)) {
                        inputs.addAll(beanInputs(parameter.getType()));
                    } else {
                        Input input = input(parameter.getAnnotations(), parameter.getName(), parameter.getType());
                        if (input != null) {
                            inputs.add(input);
                        }
                    }
                }
                String consumed = consumes == null ? (body != null ? MediaType.APPLICATION_JSON : null) : consumes.value()[0];
                routes.add(new Route(verb, template, inputs, consumed, body));
            }
        }
        routes.sort(Comparator.comparing(Route::destructive).thenComparing(Route::template).thenComparing(Route::verb));
        return routes;
    }

    private static String verb(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return http.value();
            }
        }
        return null;
    }

    private static boolean isBody(Parameter parameter) {
        for (Annotation annotation : parameter.getAnnotations()) {
            if (NOT_A_BODY.contains(annotation.annotationType())) {
                return false;
            }
        }
        Class<?> type = parameter.getType();
        return !type.getName().startsWith("jakarta.ws.rs.") && !type.getName().startsWith("io.vertx.")
                && !type.getName().startsWith("org.jboss.resteasy.") && !type.getName().startsWith("io.quarkus.");
    }

    private static Input input(Annotation[] annotations, String javaName, Class<?> type) {
        for (Annotation annotation : annotations) {
            String name = annotation instanceof RestQuery q ? q.value() : annotation instanceof QueryParam q ? q.value()
                    : annotation instanceof RestForm f ? f.value() : annotation instanceof FormParam f ? f.value()
                    : annotation instanceof RestHeader h ? h.value() : annotation instanceof HeaderParam h ? h.value() : null;
            if (name == null) {
                continue;
            }
            name = name.isEmpty() ? javaName : name;
            boolean list = Collection.class.isAssignableFrom(type);
            Place place = annotation instanceof RestQuery || annotation instanceof QueryParam ? Place.QUERY
                    : annotation instanceof RestHeader || annotation instanceof HeaderParam ? Place.HEADER
                    : type == FileUpload.class || list && name.equals("files") ? Place.FILE : Place.FORM;
            return new Input(place, name, list);
        }
        return null;
    }

    private static List<Input> beanInputs(Class<?> type) {
        List<Input> inputs = new ArrayList<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                Input input = input(field.getAnnotations(), field.getName(), field.getType());
                if (input != null) {
                    inputs.add(input);
                }
            }
        }
        return inputs;
    }

    /** The JSON property names the portal's own mapper reads for {@code type} (snake_case, as the API spells them). */
    private List<String> jsonProperties(Class<?> type) {
        JavaType javaType = mapper.constructType(type);
        List<String> names = new ArrayList<>();
        for (BeanPropertyDefinition property : mapper.getDeserializationConfig().introspect(javaType).findProperties()) {
            names.add(property.getName());
        }
        assertTrue(!names.isEmpty(), () -> "no JSON properties found for " + type);
        return names;
    }

    private boolean isListProperty(Class<?> type, String property) {
        for (BeanPropertyDefinition definition : mapper.getDeserializationConfig().introspect(mapper.constructType(type)).findProperties()) {
            if (definition.getName().equals(property)) {
                return Collection.class.isAssignableFrom(definition.getRawPrimaryType());
            }
        }
        return false;
    }

    private static String normalise(String path) {
        String joined = ("/" + path).replaceAll("/+", "/").replaceAll("\\{\\s*([A-Za-z0-9_]+)\\s*:[^}]*}", "{$1}");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> d = new TreeSet<>(a);
        d.removeAll(b);
        return d;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The fixture: real rows for every kind of path parameter
    // ---------------------------------------------------------------------------------------------------------------

    /** A signed-in person: browser cookies with a CSRF token for the forms, a bearer token for the API. */
    final class Attacker {
        final Role role;
        final TestAccounts.Account account;
        final Map<String, String> cookies = new LinkedHashMap<>();
        final String csrf;
        final String bearer;

        Attacker(Role role) {
            this.role = role;
            this.account = TestAccounts.fresh(role);
            PortalClient browser = PortalClient.anonymous().from(address).signIn(account);
            this.csrf = browser.open("/account/tokens").csrfToken();
            for (String name : List.of(PortalClient.SESSION_COOKIE, PortalClient.CSRF_COOKIE)) {
                cookies.put(name, browser.cookie(name));
            }
            this.bearer = ApiTokens.signIn(account).accessToken();
        }
    }

    /** Values for path parameters, by the segment before the parameter and its name (e.g. {@code incidents/{id}}). */
    Map<String, String> fixture(Attacker attacker, long drillId) {
        Map<String, String> values = new LinkedHashMap<>();
        long destination = Notifications.destination("#hostile-" + Incidents.shortId(), "http://127.0.0.1:9/hostile",
                EventKey.values()).id;
        Notifications.hold(destination);
        long incident = Incidents.draftJson().create();
        Postmortems.put(incident, Postmortems.writtenSectionsJson("general")).then().statusCode(200);
        long entry = PortalClient.api().body(Map.of("occurred_at", Instant.now().minusSeconds(3600).toString(),
                "kind", "ACTION", "description", "Rolled back the deploy")).post(Incidents.API + "/" + incident + "/timeline")
                .then().statusCode(201).extract().jsonPath().getLong("id");
        PortalClient editor = PortalClient.browser();
        long actionItem = ActionItems.added(editor, incident, ActionItems.draft());
        String slug = Checklists.create(Checklists.Draft.unique());
        Checklists.attached(editor, incident, Checklists.GENERAL);
        long checklistItem = Checklists.items(incident, Checklists.GENERAL).get(0).id;
        // Only a published postmortem can be shared: the incident's is recorded as published, as an import would.
        Postmortems.recordPublished(incident, Instant.now());
        String share = ShareLinks.create(editor, incident);
        long trashed = Incidents.draftJson().create();
        PortalClient.api().delete(Incidents.API + "/" + trashed).then().statusCode(204);
        long user = TestAccounts.fresh(Role.VIEWER).id();
        String otherSession = Jwts.sid(PortalClient.anonymous().from(address).signIn(attacker.account).cookie(PortalClient.SESSION_COOKIE));
        PortalClient own = PortalClient.anonymous().from(address).signIn(attacker.account);
        Response token = own.open("/account/tokens").submit("/account/tokens", Map.of("name", "hostile " + Incidents.shortId(),
                "scope", "READ", "days", "30"));
        assertEquals(200, token.statusCode(), token::asString);

        String feedUrl = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> feedAddresses.create(attacker.account.id(), "127.0.0.1").url());
        values.put("private/{secret}", feedUrl.replaceAll(".*/feed/private/([^/]+)/.*", "$1"));
        values.put("incidents/{id}", String.valueOf(incident));
        values.put("insights/{dataset}", "incidents-by-severity");
        values.put("timeline/{entryId}", String.valueOf(entry));
        values.put("action-items/{itemId}", String.valueOf(actionItem));
        values.put("items/{itemId}", String.valueOf(checklistItem));
        values.put("checklists/{slug}", slug);
        values.put("revisions/{rid}", String.valueOf(query("SELECT max(id) FROM revision WHERE incident_id = " + incident)));
        values.put("history/{rid}", String.valueOf(query("SELECT min(id) FROM revision WHERE incident_id = " + incident)));
        values.put("share/{linkId}", String.valueOf(query("SELECT max(s.id) FROM share_link s JOIN postmortem p ON p.id = s.postmortem_id "
                + "WHERE p.incident_id = " + incident)));
        values.put("share/{token}", share.substring("/share/".length()));
        values.put("reviewers/{userId}", String.valueOf(user));
        values.put("users/{id}", String.valueOf(user));
        values.put("integrations/{id}", String.valueOf(destination));
        values.put("trackers/{kind}", "github");
        values.put("deliveries/{id}", String.valueOf(Notifications.rows(destination).get(0).id));
        values.put("sessions/{sid}", otherSession);
        values.put("drills/{id}", String.valueOf(drillId));
        values.put("trash/{id}", String.valueOf(trashed));
        values.put("tokens/{id}", String.valueOf(query("SELECT max(id) FROM personal_access_token WHERE user_id = " + attacker.account.id())));
        for (io.hindsight.alerting.AlertKind kind : io.hindsight.alerting.AlertKind.values()) {
            long source = io.quarkus.narayana.jta.QuarkusTransaction.requiringNew().call(() -> alertSources.add(
                    TestAccounts.of(Role.ADMIN).id(), new io.hindsight.alerting.AlertSources.Form(kind.name(), "hostile " + kind.path(),
                            "SEV3", "", kind.signs() ? "hostile-signing-secret-0123456789" : "")).source().id);
            values.put(kind.path() + "/{id}", String.valueOf(source));
            values.putIfAbsent("alerts/{id}", String.valueOf(source));
        }
        return values;
    }

    long restoreDrill() {
        PortalClient admin = PortalClient.browserAs(Role.ADMIN);
        String report = PortalClient.location(admin.request().multiPart(PortalClient.CSRF_FIELD, admin.open("/admin/backup").csrfToken())
                .post("/admin/backup/drill"));
        Matcher id = Pattern.compile("/admin/backup/drills/(\\d+)").matcher(report);
        assertTrue(id.find(), report);
        return Long.parseLong(id.group(1));
    }

    private static final Pattern PARAMETER = Pattern.compile("([^/{}]+)/\\{([A-Za-z0-9_]+)}");

    /** The template with every parameter filled from the fixture; fails for a parameter the fixture does not know. */
    static String fill(String template, Map<String, String> values, String lastOverride) {
        Matcher m = PARAMETER.matcher(template);
        StringBuilder out = new StringBuilder();
        List<int[]> spans = new ArrayList<>();
        while (m.find()) {
            spans.add(new int[] {m.start(2) - 1, m.end()});
        }
        m.reset();
        int i = 0;
        while (m.find()) {
            String key = m.group(1) + "/{" + m.group(2) + "}";
            String value = values.get(key);
            if (value == null) {
                fail("No fixture for " + key + " of " + template + ": add a real row for it to HostileInputTest.fixture");
            }
            boolean last = ++i == spans.size();
            m.appendReplacement(out, Matcher.quoteReplacement(m.group(1) + "/" + (last && lastOverride != null ? lastOverride : value)));
        }
        m.appendTail(out);
        return out.toString();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // The attack
    // ---------------------------------------------------------------------------------------------------------------

    @Test
    void noRouteAnswersAHostileInputWithA5xxAnUnexplainedRefusalOrAHalfWrittenRow() throws Exception {
        List<Route> routes = deployedRoutes();
        Set<String> keys = new TreeSet<>();
        routes.forEach(r -> keys.add(r.key()));
        assertTrue(keys.containsAll(EXCLUDED.keySet()), () -> "excluded routes that no longer exist: " + difference(EXCLUDED.keySet(), keys));
        List<Route> attacked = routes.stream().filter(r -> !EXCLUDED.containsKey(r.key())).toList();

        Set<String> covered = new TreeSet<>();
        Map<String, Long> millis = new LinkedHashMap<>();
        long drill = restoreDrill();
        try (Connection connection = dataSource.getConnection()) {
            RowCounts counts = new RowCounts(connection);
            for (Role role : List.of(Role.EDITOR, Role.ADMIN)) {
                Attacker attacker = new Attacker(role);
                Map<String, String> fixture = fixture(attacker, drill);
                for (Route route : attacked) {
                    long start = System.nanoTime();
                    attack(route, attacker, fixture, counts);
                    millis.merge(route.key(), (System.nanoTime() - start) / 1_000_000, Long::sum);
                    covered.add(route.key());
                }
            }
        }
        System.out.println("Hostile input, slowest routes (ms): " + millis.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(8).toList());
        int inputs = attacked.stream().mapToInt(r -> r.inputs().size()).sum();
        System.out.printf("Hostile input: %d of %d routes covered (%d excluded), %d inputs, %d hostile values, %d requests sent, "
                + "as editor and admin%n", covered.size(), routes.size(), EXCLUDED.size(), inputs, CORPUS.size(), sent);
        assertEquals(routes.size() - EXCLUDED.size(), covered.size(), "every route but the excluded ones is attacked");
        if (!findings.isEmpty()) {
            fail(findings.size() + " hostile requests were mishandled:\n" + String.join("\n", findings.stream().limit(80).toList()));
        }
    }

    private void attack(Route route, Attacker attacker, Map<String, String> fixture, RowCounts counts) throws Exception {
        String path = fill(route.template(), fixture, null);
        List<Input> inputs = route.inputs();
        // One hostile value per input per request, each input seeing the whole corpus over the batch.
        for (int k = 0; k < (inputs.isEmpty() ? 1 : CORPUS.size()); k++) {
            Map<Input, Hostile> values = new LinkedHashMap<>();
            for (int i = 0; i < inputs.size(); i++) {
                values.put(inputs.get(i), CORPUS.get((k + i) % CORPUS.size()));
            }
            send(route, attacker, path, values, null, null, null, counts);
        }
        // To keep the run short, only the admin (who may use every route) also gets the whole corpus on one input alone
        // and path parameters that name no row; the editor meets many routes' role check first anyway.
        boolean deep = attacker.role == Role.ADMIN;
        // The whole corpus on one input alone.
        if (deep && !inputs.isEmpty()) {
            Input first = inputs.stream().filter(i -> i.place() != Place.HEADER).findFirst().orElse(inputs.get(0));
            for (Hostile hostile : CORPUS) {
                send(route, attacker, path, Map.of(first, hostile), null, null, null, counts);
            }
        }
        // Bodies that are empty, malformed, not UTF-8 or of the wrong type.
        if (!route.verb().equals("GET")) {
            String type = route.multipart() ? "multipart/form-data; boundary=hostile" : route.form() ? MediaType.APPLICATION_FORM_URLENCODED
                    : route.consumes() != null ? route.consumes() : MediaType.APPLICATION_JSON;
            send(route, attacker, path, Map.of(), type, new byte[0], "an empty body", counts);
            send(route, attacker, path, Map.of(), type, "{\"title\": [\u0000 %ZZ&=&&=\r\n--hostile".getBytes(StandardCharsets.UTF_8),
                    "a malformed body", counts);
            send(route, attacker, path, Map.of(), type, new byte[] {(byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80},
                    "a body that is not UTF-8", counts);
            String wrong = route.form() || route.multipart() ? MediaType.APPLICATION_JSON : MediaType.APPLICATION_FORM_URLENCODED;
            send(route, attacker, path, Map.of(), wrong, "{\"a\":1}".getBytes(StandardCharsets.UTF_8), "the wrong content type", counts);
            send(route, attacker, path, Map.of(), "application/x-hostile; charset=ebcdic", "a=b".getBytes(StandardCharsets.UTF_8),
                    "an unknown content type", counts);
        }
        // Path parameters that are no row at all.
        if (deep && route.template().contains("{")) {
            for (String value : List.of("-1", "99999999999999999999", "%00", "%27%20OR%201=1--", "%ED%A0%80", "1e999")) {
                send(route, attacker, fill(route.template(), fixture, value), Map.of(), null, null, "path parameter " + value, counts);
            }
        }
    }

    /**
     * Sends one request: {@code values} in the places their inputs name, or {@code body} as given (with {@code type}).
     * Records a finding for a 5xx, a 4xx on the API that is not a problem document, or rows a refused request wrote.
     */
    private void send(Route route, Attacker attacker, String path, Map<Input, Hostile> values, String type, byte[] body,
                      String label, RowCounts counts) throws Exception {
        StringBuilder query = new StringBuilder();
        Map<String, String> headers = new LinkedHashMap<>();
        List<Map.Entry<Input, Hostile>> formValues = new ArrayList<>();
        List<Map.Entry<Input, Hostile>> jsonValues = new ArrayList<>();
        Hostile rawBody = null;
        for (Map.Entry<Input, Hostile> value : values.entrySet()) {
            switch (value.getKey().place()) {
                case QUERY -> query.append(query.isEmpty() ? "?" : "&").append(URLEncoder.encode(value.getKey().name(), StandardCharsets.UTF_8))
                        .append('=').append(value.getValue().encoded(true));
                case HEADER -> {
                    String header = value.getValue().header();
                    if (header != null) {
                        headers.put(value.getKey().name(), header);
                    }
                }
                case FORM, FILE -> formValues.add(value);
                case JSON -> jsonValues.add(value);
                case BODY -> rawBody = value.getValue();
            }
        }
        String contentType = type;
        byte[] payload = body;
        if (payload != null) {
            if (!route.api() && contentType.startsWith(MediaType.APPLICATION_FORM_URLENCODED)) {
                // A form body as given still carries the CSRF token, so the body itself is what is judged.
                payload = concat((PortalClient.CSRF_FIELD + "=" + attacker.csrf + "&").getBytes(StandardCharsets.UTF_8), payload);
            }
        } else if (route.multipart()) {
            contentType = "multipart/form-data; boundary=hostile-boundary";
            payload = multipart(attacker, formValues);
        } else if (route.form()) {
            contentType = MediaType.APPLICATION_FORM_URLENCODED;
            payload = form(attacker, formValues);
        } else if (route.body() != null) {
            contentType = route.consumes();
            payload = rawBody != null ? rawBody.bytes() : route.inputs().stream().anyMatch(i -> i.place() == Place.BODY) ? new byte[0]
                    : json(jsonValues);
        } else if (!route.verb().equals("GET") && !route.api()) {
            contentType = MediaType.APPLICATION_FORM_URLENCODED;
            payload = form(attacker, List.of());
        }
        String describe = route.key() + " as " + attacker.role + " with " + (label != null ? label + " (" + type + ")" : describe(values));

        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(portal.toString().replaceAll("/$", "") + path + query))
                .timeout(Duration.ofSeconds(60)).header("X-Forwarded-For", address);
        if (route.api()) {
            request.header("Authorization", "Bearer " + attacker.bearer).header("Accept", MediaType.APPLICATION_JSON);
        } else {
            request.header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").header("Cookie", cookieHeader(attacker));
        }
        headers.forEach(request::header);
        if (payload != null) {
            if (contentType != null) {
                request.header("Content-Type", contentType);
            }
            request.method(route.verb(), HttpRequest.BodyPublishers.ofByteArray(payload));
        } else {
            request.method(route.verb(), HttpRequest.BodyPublishers.noBody());
        }
        Map<String, Long> before = counts.snapshot();
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            findings.add("NO ANSWER " + describe + ": " + e);
            return;
        }
        sent++;
        remember(attacker, response);
        int status = response.statusCode();
        String responseType = response.headers().firstValue("Content-Type").orElse("");
        if (status >= 500) {
            findings.add(status + " " + describe + ": " + abbreviate(response.body()));
        } else if (status >= 400 && route.api() && !responseType.startsWith(ProblemAssertionsType.PROBLEM)) {
            findings.add(status + " NOT A PROBLEM (" + responseType + ") " + describe + ": " + abbreviate(response.body()));
        }
        if (status >= 400) {
            Map<String, Long> after = counts.snapshot();
            Set<String> changed = new TreeSet<>();
            after.forEach((table, count) -> {
                if (!RECORDS_ATTEMPTS.contains(table) && !count.equals(before.get(table))) {
                    changed.add(table + " " + before.get(table) + "→" + count);
                }
            });
            if (!changed.isEmpty()) {
                findings.add(status + " WROTE ROWS " + changed + " " + describe);
            }
        }
    }

    /** The media type every API error answers with. */
    static final class ProblemAssertionsType {
        static final String PROBLEM = io.hindsight.ProblemAssertions.PROBLEM_JSON;
    }

    private static byte[] form(Attacker attacker, List<Map.Entry<Input, Hostile>> values) {
        StringBuilder form = new StringBuilder(PortalClient.CSRF_FIELD + "=" + attacker.csrf);
        for (Map.Entry<Input, Hostile> value : values) {
            form.append('&').append(URLEncoder.encode(value.getKey().name(), StandardCharsets.UTF_8)).append('=')
                    .append(value.getValue().encoded(false));
        }
        return form.toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] multipart(Attacker attacker, List<Map.Entry<Input, Hostile>> values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        part(out, "name=\"" + PortalClient.CSRF_FIELD + "\"", null, attacker.csrf.getBytes(StandardCharsets.US_ASCII));
        for (Map.Entry<Input, Hostile> value : values) {
            if (value.getKey().place() == Place.FILE) {
                part(out, "name=\"" + value.getKey().name() + "\"; filename=\"hostile.md\"", "text/markdown", value.getValue().bytes());
            } else {
                part(out, "name=\"" + value.getKey().name() + "\"", null, value.getValue().bytes());
            }
        }
        out.writeBytes("--hostile-boundary--\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static void part(ByteArrayOutputStream out, String disposition, String type, byte[] content) {
        out.writeBytes(("--hostile-boundary\r\nContent-Disposition: form-data; " + disposition + "\r\n"
                + (type == null ? "" : "Content-Type: " + type + "\r\n") + "\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(content);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    private static byte[] json(List<Map.Entry<Input, Hostile>> values) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("{".getBytes(StandardCharsets.UTF_8));
        boolean first = true;
        for (Map.Entry<Input, Hostile> value : values) {
            out.writeBytes(((first ? "" : ",") + "\"" + value.getKey().name() + "\":" + (value.getKey().list() ? "[" : ""))
                    .getBytes(StandardCharsets.UTF_8));
            out.writeBytes(value.getValue().jsonValue());
            out.writeBytes((value.getKey().list() ? "]" : "").getBytes(StandardCharsets.UTF_8));
            first = false;
        }
        out.writeBytes("}".getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }

    private static String jsonEscape(String text) {
        StringBuilder out = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                out.append('\\').append(c);
            } else if (c < 0x20) {
                out.append(String.format("\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String cookieHeader(Attacker attacker) {
        StringBuilder header = new StringBuilder();
        attacker.cookies.forEach((name, value) -> header.append(header.isEmpty() ? "" : "; ").append(name).append('=').append(value));
        return header.toString();
    }

    /** Keeps a renewed session cookie, as a browser would (a hostile request never signs the attacker out). */
    private static void remember(Attacker attacker, HttpResponse<?> response) {
        for (String cookie : response.headers().allValues("Set-Cookie")) {
            String pair = cookie.split(";", 2)[0];
            int eq = pair.indexOf('=');
            String name = pair.substring(0, eq).trim();
            String value = pair.substring(eq + 1).trim();
            if (attacker.cookies.containsKey(name) && !value.isEmpty() && !cookie.toLowerCase().contains("max-age=0")) {
                attacker.cookies.put(name, value);
            }
        }
    }

    private static String describe(Map<Input, Hostile> values) {
        if (values.isEmpty()) {
            return "no input";
        }
        StringBuilder out = new StringBuilder();
        values.forEach((input, hostile) -> out.append(out.isEmpty() ? "" : ", ").append(input.place().name().toLowerCase())
                .append(' ').append(input.name()).append('=').append(hostile.label()));
        return out.toString();
    }

    private static String abbreviate(String body) {
        String flat = body == null ? "" : body.replaceAll("\\s+", " ");
        Matcher title = Pattern.compile("<title>(.*?)</title>").matcher(flat);
        return title.find() ? title.group(1) : flat.substring(0, Math.min(200, flat.length()));
    }

    private long query(String sql) {
        try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            return rs.getLong(1);
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(sql, e);
        }
    }

    /** The row count of every table of the public schema, in one statement. */
    static final class RowCounts {
        private final Statement statement;
        private final List<String> tables = new ArrayList<>();
        private final String sql;

        RowCounts(Connection connection) throws java.sql.SQLException {
            this.statement = connection.createStatement();
            try (ResultSet rs = statement.executeQuery("SELECT table_name FROM information_schema.tables WHERE table_schema = 'public' "
                    + "AND table_type = 'BASE TABLE' AND table_name <> 'flyway_schema_history' ORDER BY table_name")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertTrue(tables.contains("incident") && tables.containsAll(RECORDS_ATTEMPTS), tables::toString);
            StringBuilder select = new StringBuilder("SELECT ");
            for (int i = 0; i < tables.size(); i++) {
                select.append(i == 0 ? "" : ", ").append("(SELECT count(*) FROM \"").append(tables.get(i)).append("\")");
            }
            this.sql = select.toString();
        }

        Map<String, Long> snapshot() throws java.sql.SQLException {
            Map<String, Long> counts = new LinkedHashMap<>();
            try (ResultSet rs = statement.executeQuery(sql)) {
                rs.next();
                for (int i = 0; i < tables.size(); i++) {
                    counts.put(tables.get(i), rs.getLong(i + 1));
                }
            }
            return counts;
        }
    }
}
