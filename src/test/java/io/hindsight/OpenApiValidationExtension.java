package io.hindsight;

import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

import java.util.Arrays;

/**
 * Installs {@link OpenApiValidation} for every test class that runs the portal in the test JVM ({@code @QuarkusTest}),
 * so each call to the JSON API is checked against the document without the test asking for it. Registered for the
 * whole suite through {@code META-INF/services/org.junit.jupiter.api.extension.Extension} (JUnit's extension
 * auto-detection, switched on in the Surefire configuration). Packaged-portal tests ({@code *IT}) start no portal
 * in the JVM and are not checked.
 */
public class OpenApiValidationExtension implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Class<?> test = context.getRequiredTestClass();
        if (!runsThePortal(test)) {
            return;
        }
        // Quarkus loads test classes (and the REST Assured they use) in its own class loader: install there.
        Class.forName(OpenApiValidation.class.getName(), true, test.getClassLoader()).getMethod("install").invoke(null);
    }

    private static boolean runsThePortal(Class<?> test) {
        for (Class<?> c = test; c != null; c = c.getEnclosingClass()) {
            if (Arrays.stream(c.getAnnotations()).anyMatch(a -> a.annotationType().getName().equals("io.quarkus.test.junit.QuarkusTest"))) {
                return true;
            }
        }
        return false;
    }
}
