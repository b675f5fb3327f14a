package io.hindsight.web;

import io.hindsight.system.Environment;
import io.quarkus.arc.Arc;
import io.quarkus.qute.TemplateGlobal;

import java.time.ZoneId;

/** What every page's layout needs: the environment badge, the viewer's zone and the flash message. */
@TemplateGlobal
public class Globals {

    static Environment environment() {
        return Arc.container().instance(Environment.class).get();
    }

    static ZoneId zone() {
        return Arc.container().instance(ViewerZone.class).get().zone();
    }

    /** "Now" from the application clock, for due dates and re-verification. */
    static java.time.Instant now() {
        return Arc.container().instance(java.time.Clock.class).get().instant();
    }

    static Flash.Message flash() {
        return Arc.container().instance(Flash.class).get().incoming();
    }
}
