package io.hindsight.web;

import io.quarkus.smallrye.openapi.OpenApiFilter;
import org.eclipse.microprofile.openapi.OASFilter;

/**
 * Has the OpenAPI document ({@code /q/openapi}) written out when someone asks for it rather than at every start.
 * <p>
 * The document is shaped when the application is built ({@link ApiDocument}). Quarkus 3.33 still reads that document
 * at each start and, unless a filter of the per-request stage exists, writes it out twice there, as JSON and as YAML,
 * before the portal is ready: about two fifths of the document's part of the start, for an answer few requests need.
 * With a per-request filter it keeps the document it read and writes the format asked for on each request instead
 * (signed-in people and programs only; a few tens of milliseconds). This filter changes nothing in the document, so
 * what is served stays exactly the committed {@code docs/openapi.yaml} ({@code OpenApiDocumentTest}). Quarkus releases
 * that read the document only on its first request (quarkusio/quarkus#55538) make it unnecessary.
 */
@OpenApiFilter(OpenApiFilter.RunStage.RUNTIME_PER_REQUEST)
public class ApiDocumentOnRequest implements OASFilter {
}
