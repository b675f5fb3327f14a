package io.hindsight.settings;

import io.hindsight.account.CurrentUser;
import io.hindsight.account.Role;
import io.hindsight.audit.Audit;
import io.hindsight.audit.AuditAction;
import io.hindsight.audit.AuditSubject;
import io.hindsight.system.Installation;
import io.hindsight.web.Flash;
import io.hindsight.web.PublicUrl;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.qute.CheckedTemplate;
import io.quarkus.qute.TemplateInstance;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.security.RolesAllowed;
import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.RestForm;

import java.net.URI;
import java.util.Map;
import java.util.Optional;

/**
 * Admin → Settings: the public address every outside link starts with (share links, Slack messages,
 * feeds). Recorded at first-run setup, changed here; a configured {@code hindsight.public-base-url} wins.
 */
@Path("/admin/settings")
@Produces(MediaType.TEXT_HTML)
@RolesAllowed(Role.MANAGE)
public class SettingsResource {

    @CheckedTemplate
    static class Templates {
        static native TemplateInstance settings(PublicAddress address, String typed, Map<String, String> errors);
    }

    /** What the page shows about the public address. */
    public record PublicAddress(String inUse, PublicUrl.Source source, String recorded, boolean loopback) {
        public boolean configured() {
            return source == PublicUrl.Source.CONFIGURED;
        }
    }

    @Inject
    PublicUrl publicUrl;

    @Inject
    Audit audit;

    @Inject
    CurrentUser me;

    @Inject
    Flash flash;

    @Inject
    RoutingContext ctx;

    @GET
    public TemplateInstance settings() {
        PublicAddress address = address();
        return Templates.settings(address, address.recorded() == null ? address.inUse() : address.recorded(), Map.of());
    }

    @POST
    @Path("/public-address")
    @Consumes(MediaType.APPLICATION_FORM_URLENCODED)
    public Response changePublicAddress(@RestForm String publicAddress) {
        Optional<String> normalized = PublicUrl.normalize(publicAddress);
        if (normalized.isEmpty()) {
            return Response.status(400).entity(Templates.settings(address(), publicAddress == null ? "" : publicAddress,
                    Map.of("publicAddress", "Enter the address people open Hindsight at, starting with https:// or http://, "
                            + "like https://hindsight.example.com (no ?query or #fragment)."))).build();
        }
        String before = publicUrl.recorded().orElse("(none)");
        String after = normalized.get();
        QuarkusTransaction.requiringNew().run(() -> {
            publicUrl.record(after);
            audit.record(me.requireId(), AuditAction.SETTINGS_PUBLIC_ADDRESS, AuditSubject.installation(Installation.current().id),
                    before + " → " + after, Audit.addressOf(ctx.request()));
        });
        flash.success(publicUrl.configured().isPresent()
                ? "Saved " + after + ". hindsight.public-base-url is configured, so links keep using " + publicUrl.base() + "."
                : "Links now start with " + after + ".");
        return Response.seeOther(URI.create("/admin/settings")).build();
    }

    private PublicAddress address() {
        return new PublicAddress(publicUrl.base(), publicUrl.source(), publicUrl.recorded().orElse(null), publicUrl.isLoopback());
    }
}
