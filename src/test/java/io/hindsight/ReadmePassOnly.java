package io.hindsight;

import org.junit.jupiter.api.Tag;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A packaged-portal test that continuous integration ({@code .ci/run}) runs once, in the README's {@code ./mvnw verify},
 * and leaves out of its second pass against an external PostgreSQL server ({@code -DexcludedGroups=readme-pass-only}).
 * That pass exists to prove the configured-server path of the packaged portal ({@code HINDSIGHT_IT_JDBC_URL}); a test
 * carries this tag only when that pass would repeat it without proving anything more, and says why in its own comment:
 * it starts its own database or needs none, or it already hands the portal a configured server in the README pass.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag(ReadmePassOnly.TAG)
public @interface ReadmePassOnly {

    String TAG = "readme-pass-only";
}
