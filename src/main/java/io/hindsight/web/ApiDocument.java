package io.hindsight.web;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.config.ConfigProvider;
import org.eclipse.microprofile.openapi.OASFactory;
import org.eclipse.microprofile.openapi.OASFilter;
import org.eclipse.microprofile.openapi.models.Components;
import org.eclipse.microprofile.openapi.models.OpenAPI;
import org.eclipse.microprofile.openapi.models.Operation;
import org.eclipse.microprofile.openapi.models.PathItem;
import org.eclipse.microprofile.openapi.models.media.Content;
import org.eclipse.microprofile.openapi.models.media.MediaType;
import org.eclipse.microprofile.openapi.models.media.Schema;
import org.eclipse.microprofile.openapi.models.responses.APIResponse;
import org.eclipse.microprofile.openapi.models.responses.APIResponses;
import org.eclipse.microprofile.openapi.models.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.models.security.SecurityScheme;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Shapes the OpenAPI document ({@code /q/openapi}, {@code docs/openapi.yaml}) into a contract for programs: only the JSON
 * API under {@link #PREFIX} (pages are for browsers and never appear, whichever resource adds them), every error an
 * RFC 9457 {@link Problem}, and how each operation is signed in to.
 * <p>
 * It runs when the application is built, shaping the document Quarkus stores in the build, not at every start: the
 * document depends only on the code and the packaged settings. (Registered with {@code mp.openapi.filter}, it ran at
 * each start, and a filter of that stage makes Quarkus prepare the whole document at start even in releases that
 * otherwise prepare it on its first request.)
 */
@OpenApiFilter(OpenApiFilter.RunStage.BUILD)
public class ApiDocument implements OASFilter {

    public static final String PREFIX = "/api/v1/";
    public static final String PROBLEM = "Problem";
    public static final String BEARER = "bearer";
    public static final String SESSION_COOKIE = "session_cookie";

    /** Errors any signed-in operation can answer, with what they mean here; 400 and 404 are added where they apply. */
    private static final Map<String, String> COMMON_ERRORS = Map.of(
            "401", "No valid token (or session): sign in at POST /api/v1/auth/token.",
            "403", "The role, or a read-only token, does not allow this; the problem says which.");

    private static final String INSTANT = "#/components/schemas/Instant";

    /**
     * Instants are written inline as RFC 3339 date-times (a reference could not be marked nullable), and patterns
     * that only Java understands ({@code \p{L}}: any letter) are said in words, since the document's patterns are
     * ECMA 262 regular expressions that clients and validators run as such.
     */
    @Override
    public Schema filterSchema(Schema schema) {
        if (INSTANT.equals(schema.getRef()) || (schema.getAllOf() != null && schema.getAllOf().size() == 1
                && INSTANT.equals(schema.getAllOf().get(0).getRef()))) {
            schema.setRef(null);
            schema.setAllOf(null);
            schema.type(List.of(Schema.SchemaType.STRING)).format("date-time");
            if (schema.getExamples() == null) {
                schema.addExample("2026-03-02T09:14:00Z");
            }
        }
        if (schema.getPattern() != null && schema.getPattern().contains("\\p{")) {
            String rule = "Starts with a letter or digit; then letters, digits, '.', '_', '/' and '-'.";
            if (schema.getPattern().equals("[\\p{L}\\p{N}][\\p{L}\\p{N}._/-]*")) {
                schema.setDescription(schema.getDescription() == null ? rule : schema.getDescription() + " " + rule);
            }
            schema.setPattern(null);
        }
        return schema;
    }

    @Override
    public void filterOpenAPI(OpenAPI openAPI) {
        if (openAPI.getPaths() != null) {
            new TreeMap<>(openAPI.getPaths().getPathItems()).keySet().stream()
                    .filter(path -> !path.startsWith(PREFIX))
                    .forEach(path -> openAPI.getPaths().removePathItem(path));
        }
        Components components = openAPI.getComponents() == null ? OASFactory.createComponents() : openAPI.getComponents();
        openAPI.setComponents(components);
        components.removeSchema("Instant");
        dropUnusedSchemas(openAPI);
        acceptNullWhereOptional(openAPI);
        components.addSchema(PROBLEM, problemSchema());
        components.addSecurityScheme(BEARER, OASFactory.createSecurityScheme().type(SecurityScheme.Type.HTTP)
                .scheme("bearer").bearerFormat("JWT")
                .description("An access token from POST /api/v1/auth/token or /api/v1/auth/refresh (five minutes), sent as "
                        + "Authorization: Bearer …. Get one with email and password or with a personal access token "
                        + "(Account → API tokens)."));
        components.addSecurityScheme(SESSION_COOKIE, OASFactory.createSecurityScheme().type(SecurityScheme.Type.APIKEY)
                .in(SecurityScheme.In.COOKIE).name("hindsight_session")
                .description("The browser session of a person signed in to the portal (the API reference page uses it)."));
        if (openAPI.getPaths() == null) {
            return;
        }
        List<String> publicPaths = publicPaths();
        openAPI.getPaths().getPathItems().forEach((path, item) -> item.getOperations().forEach((method, operation) ->
                describe(path, method, operation, publicPaths.stream().anyMatch(p -> matches(p, path)))));
    }

    /** The schemas only pages used (Qute's template types, for one) go with the pages. */
    private static void dropUnusedSchemas(OpenAPI openAPI) {
        Map<String, Schema> schemas = openAPI.getComponents().getSchemas();
        if (schemas == null) {
            return;
        }
        java.util.Set<String> used = new java.util.HashSet<>();
        java.util.Deque<Schema> todo = new java.util.ArrayDeque<>();
        if (openAPI.getPaths() != null) {
            openAPI.getPaths().getPathItems().values().forEach(item -> item.getOperations().values().forEach(operation -> {
                if (operation.getParameters() != null) {
                    operation.getParameters().forEach(p -> push(todo, p.getSchema()));
                }
                if (operation.getRequestBody() != null) {
                    content(todo, operation.getRequestBody().getContent());
                }
                if (operation.getResponses() != null) {
                    operation.getResponses().getAPIResponses().values().forEach(response -> {
                        content(todo, response.getContent());
                        if (response.getHeaders() != null) {
                            response.getHeaders().values().forEach(h -> push(todo, h.getSchema()));
                        }
                    });
                }
            }));
        }
        while (!todo.isEmpty()) {
            Schema schema = todo.pop();
            if (schema.getRef() != null) {
                String name = schema.getRef().substring(schema.getRef().lastIndexOf('/') + 1);
                if (used.add(name)) {
                    push(todo, schemas.get(name));
                }
            }
            if (schema.getProperties() != null) {
                schema.getProperties().values().forEach(p -> push(todo, p));
            }
            push(todo, schema.getItems());
            push(todo, schema.getAdditionalPropertiesSchema());
            for (List<Schema> group : java.util.Arrays.asList(schema.getAllOf(), schema.getAnyOf(), schema.getOneOf())) {
                if (group != null) {
                    group.forEach(s -> push(todo, s));
                }
            }
        }
        new java.util.ArrayList<>(schemas.keySet()).stream().filter(name -> !used.contains(name)).forEach(openAPI.getComponents()::removeSchema);
    }

    private static void content(java.util.Deque<Schema> todo, Content content) {
        if (content != null && content.getMediaTypes() != null) {
            content.getMediaTypes().values().forEach(m -> push(todo, m.getSchema()));
        }
    }

    private static void push(java.util.Deque<Schema> todo, Schema schema) {
        if (schema != null) {
            todo.push(schema);
        }
    }

    /**
     * A request may send null for any field it could leave out (Jackson reads both as absent; an edit clears a time so):
     * the optional properties of request bodies are nullable. Answers leave such fields out instead.
     */
    private static void acceptNullWhereOptional(OpenAPI openAPI) {
        if (openAPI.getPaths() == null || openAPI.getComponents().getSchemas() == null) {
            return;
        }
        openAPI.getPaths().getPathItems().values().stream().flatMap(item -> item.getOperations().values().stream())
                .filter(operation -> operation.getRequestBody() != null && operation.getRequestBody().getContent() != null)
                .flatMap(operation -> operation.getRequestBody().getContent().getMediaTypes().values().stream())
                .map(MediaType::getSchema)
                .filter(schema -> schema != null && schema.getRef() != null)
                .map(schema -> openAPI.getComponents().getSchemas().get(schema.getRef().substring(schema.getRef().lastIndexOf('/') + 1)))
                .filter(schema -> schema != null && schema.getProperties() != null)
                .distinct()
                .forEach(schema -> schema.getProperties().forEach((name, property) -> {
                    boolean required = schema.getRequired() != null && schema.getRequired().contains(name);
                    if (!required && property.getRef() == null && property.getType() != null
                            && !property.getType().contains(Schema.SchemaType.NULL)) {
                        List<Schema.SchemaType> types = new java.util.ArrayList<>(property.getType());
                        types.add(Schema.SchemaType.NULL);
                        property.setType(types);
                    }
                }));
    }

    private static void describe(String path, PathItem.HttpMethod method, Operation operation, boolean isPublic) {
        APIResponses responses = operation.getResponses() == null ? OASFactory.createAPIResponses() : operation.getResponses();
        operation.setResponses(responses);
        if (!isPublic) {
            operation.setSecurity(List.of(
                    OASFactory.createSecurityRequirement().addScheme(BEARER),
                    OASFactory.createSecurityRequirement().addScheme(SESSION_COOKIE)));
            COMMON_ERRORS.forEach((code, description) -> addIfMissing(responses, code, description));
        }
        boolean takesInput = operation.getRequestBody() != null
                || (operation.getParameters() != null && !operation.getParameters().isEmpty()) || path.contains("{");
        if (takesInput) {
            addIfMissing(responses, "400", "The input was refused; errors names each field (as the JSON body names it).");
        }
        if (path.contains("{")) {
            addIfMissing(responses, "404", "No such record (or it is not visible to you).");
        }
        addIfMissing(responses, "default", "Any other refusal or failure (405, 406, 413, 415, 429, 5xx), as a problem.");
        responses.getAPIResponses().forEach((code, response) -> {
            if (code.startsWith("4") || code.startsWith("5") || code.equals("default")) {
                response.setContent(problemContent());
            }
        });
    }

    private static void addIfMissing(APIResponses responses, String code, String description) {
        if (!responses.hasAPIResponse(code)) {
            responses.addAPIResponse(code, OASFactory.createAPIResponse().description(description));
        }
    }

    private static Content problemContent() {
        MediaType problem = OASFactory.createMediaType()
                .schema(OASFactory.createSchema().ref("#/components/schemas/" + PROBLEM));
        return OASFactory.createContent().addMediaType(Problem.MEDIA_TYPE, problem);
    }

    /** The body of every 4xx and 5xx answer of the API, as {@link Problem} writes it. */
    private static Schema problemSchema() {
        Schema invalidParam = OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .addProperty("field", string("The field, as the JSON body (or the query) names it, e.g. started_at"))
                .addProperty("message", string("What to change"))
                .required(List.of("field", "message"));
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.OBJECT))
                .description("An RFC 9457 problem document (application/problem+json).")
                .addProperty("type", string("Always about:blank: the status says what kind of problem it is"))
                .addProperty("title", string("A short summary of the problem"))
                .addProperty("status", OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER))
                        .format("int32").description("The HTTP status code"))
                .addProperty("detail", string("What happened and what to do about it"))
                .addProperty("instance", string("The path that was called"))
                .addProperty("errors", OASFactory.createSchema().type(List.of(Schema.SchemaType.ARRAY))
                        .description("One entry per refused field (400 only)").items(invalidParam))
                .addProperty("current_version", OASFactory.createSchema().type(List.of(Schema.SchemaType.INTEGER))
                        .format("int64").description("409 and 412 only: the version the record has now"))
                .required(List.of("type", "title", "status"))
                .addExample(Map.of("type", "about:blank", "title", "Some input needs another look", "status", 400,
                        "detail", "Give the incident a short title.", "instance", "/api/v1/incidents",
                        "errors", List.of(Map.of("field", "title", "message", "Give the incident a short title."))));
    }

    private static Schema string(String description) {
        return OASFactory.createSchema().type(List.of(Schema.SchemaType.STRING)).description(description);
    }

    /** The paths anyone may call, as the permission configuration names them ({@code /a/*} covers what is below). */
    private static List<String> publicPaths() {
        return ConfigProvider.getConfig().getOptionalValue("quarkus.http.auth.permission.public.paths", String.class)
                .map(paths -> Arrays.stream(paths.split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList())
                .orElse(List.of());
    }

    private static boolean matches(String pattern, String path) {
        return pattern.endsWith("/*") ? path.startsWith(pattern.substring(0, pattern.length() - 1)) : pattern.equals(path);
    }
}
