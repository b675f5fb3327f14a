package io.hindsight.export;

import java.text.Normalizer;
import java.util.Locale;

/**
 * The file name of an incident's report, {@code 42-checkout-timeouts.md}: the id keeps it unique,
 * the title makes it recognisable. Only {@code a-z 0-9 -} survive, so the name is safe in a
 * {@code Content-Disposition} header, in a zip and on every file system.
 */
public final class ReportFileName {

    private static final int MAX_SLUG = 60;

    private ReportFileName() {
    }

    public static String of(long incidentId, String title) {
        return incidentId + "-" + slug(title) + ".md";
    }

    /** Lower-case ASCII words joined by hyphens; accents are dropped, anything else separates words. */
    static String slug(String title) {
        String ascii = Normalizer.normalize(title == null ? "" : title, Normalizer.Form.NFKD).replaceAll("\\p{M}+", "");
        String slug = ascii.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        if (slug.length() > MAX_SLUG) {
            int cut = slug.lastIndexOf('-', MAX_SLUG);
            slug = slug.substring(0, cut > MAX_SLUG / 2 ? cut : MAX_SLUG).replaceAll("-+$", "");
        }
        return slug.isEmpty() ? "incident" : slug;
    }
}
