package io.hindsight.similar;

import java.util.List;

/**
 * One reason two incidents matched, for a page to render: a label and the values it names ("same service" and
 * {@code billing}); {@code code} says whether the values are names (services, tags) rather than words.
 */
public record Reason(String label, List<String> values, boolean code) {
}
