package io.hindsight.session;

import io.hindsight.security.Secrets;
import io.quarkus.oidc.OidcRequestContext;
import io.quarkus.oidc.OidcTenantConfig;
import io.quarkus.oidc.TenantConfigResolver;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.http.security.HttpSecurity;
import io.smallrye.mutiny.Uni;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Where Quarkus OIDC may act: only on the single sign-on paths, and only when an issuer is configured.
 * The extension's own default tenant stays disabled ({@code quarkus.oidc.tenant-enabled=false}); this
 * resolver hands it the "hindsight" tenant for {@code /login/oidc} and a disabled one for every other
 * path, so an OIDC cookie can never sign anyone in to the rest of the portal: every other page is
 * reached with Hindsight's own session only.
 */
@ApplicationScoped
public class OidcTenant implements TenantConfigResolver {

    /** The provider sends people back here (the redirect URI to register is the public address + this path). */
    public static final String CALLBACK = "/login/oidc";
    /** The sign-in page's "Sign in with …" button: remembers where the person was going, then starts the flow. */
    public static final String START = "/login/oidc/start";
    static final String TENANT_ID = "hindsight";

    @Inject
    OidcConfig config;

    private volatile OidcTenantConfig tenant;
    private volatile OidcTenantConfig off;

    void onStart(@Observes StartupEvent event) {
        if (!config.enabled()) {
            return;
        }
        if (config.clientId().filter(s -> !s.isBlank()).isEmpty() || config.clientSecret().filter(s -> !s.isBlank()).isEmpty()) {
            throw new IllegalStateException("Single sign-on: hindsight.oidc.issuer is set, so hindsight.oidc.client-id and "
                    + "hindsight.oidc.client-secret (HINDSIGHT_OIDC_CLIENT_ID, HINDSIGHT_OIDC_CLIENT_SECRET) are required too");
        }
        if (config.roleClaim().isPresent()) {
            OidcSignIn.parseMapping(config.roleMapping().orElse(List.of()));
            if (config.roleMapping().orElse(List.of()).isEmpty()) {
                throw new IllegalStateException("Single sign-on: hindsight.oidc.role-claim is set, so hindsight.oidc.role-mapping "
                        + "must say which claim values grant which role (for example hindsight-admins=admin,engineering=editor)");
            }
        }
    }

    /** The code flow is the only mechanism on the callback; the start page is public. Nothing changes when off. */
    void paths(@Observes HttpSecurity http) {
        if (config.enabled()) {
            http.path(START).permit();
            http.path(CALLBACK).authorizationCodeFlow().authenticated();
        }
    }

    @Override
    public Uni<OidcTenantConfig> resolve(RoutingContext context, OidcRequestContext<OidcTenantConfig> requestContext) {
        if (config.enabled() && CALLBACK.equals(context.normalizedPath())) {
            return Uni.createFrom().item(tenant());
        }
        return Uni.createFrom().item(off());
    }

    private OidcTenantConfig tenant() {
        if (tenant == null) {
            tenant = OidcTenantConfig.builder()
                    .tenantId(TENANT_ID)
                    .authServerUrl(config.issuer().orElseThrow())
                    .clientId(config.clientId().orElseThrow())
                    .credentials(config.clientSecret().orElseThrow())
                    .applicationType(io.quarkus.oidc.runtime.OidcTenantConfig.ApplicationType.WEB_APP)
                    .authentication()
                        .redirectPath(CALLBACK)
                        // The callback request itself reaches OidcResource, which swaps the OIDC identity for a Hindsight session.
                        .removeRedirectParameters(false)
                        .restorePathAfterRedirect(false)
                        // The same key on every instance (Quarkus would make a random one per instance when the client
                        // secret is shorter than 32 characters, and a sign-in returning to another instance would fail).
                        .stateSecret(stateSecret())
                        .pkceRequired()
                        .nonceRequired()
                        .scopes(config.scopes())
                        .cookiePath(CALLBACK)
                        .end()
                    .build();
        }
        return tenant;
    }

    /** 43 characters derived from the configured state secret, or from the client secret when none is set. */
    private String stateSecret() {
        String source = config.stateSecret().filter(s -> !s.isBlank()).orElseGet(() -> config.clientSecret().orElseThrow());
        return Secrets.hmac(source.getBytes(StandardCharsets.UTF_8), "hindsight single sign-on state cookie");
    }

    private OidcTenantConfig off() {
        if (off == null) {
            off = OidcTenantConfig.builder().tenantId("hindsight-off").tenantEnabled(false).build();
        }
        return off;
    }
}
