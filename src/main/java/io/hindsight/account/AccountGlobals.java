package io.hindsight.account;

import io.quarkus.arc.Arc;
import io.quarkus.qute.TemplateGlobal;

/** The signed-in person, available to every template as {@code me}. */
@TemplateGlobal
public class AccountGlobals {

    static CurrentUser me() {
        return Arc.container().instance(CurrentUser.class).get();
    }
}
