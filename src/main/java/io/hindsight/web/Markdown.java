package io.hindsight.web;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.quarkus.qute.RawString;
import io.quarkus.qute.TemplateExtension;
import org.commonmark.Extension;
import org.commonmark.ext.autolink.AutolinkExtension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.task.list.items.TaskListItemMarker;
import org.commonmark.ext.task.list.items.TaskListItemsExtension;
import org.commonmark.node.Link;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.DefaultUrlSanitizer;
import org.commonmark.renderer.html.HtmlRenderer;

import java.util.List;

/**
 * Renders what people write (CommonMark with tables and task lists) to HTML that is safe to put on a
 * page: raw HTML is escaped, only http(s) and mailto links survive, links open without handing over
 * the page ({@code rel="noopener noreferrer nofollow"}), and {@code - [ ]} / {@code - [x]} become
 * disabled checkboxes named for screen readers (the template starters list contributing factors to tick that way).
 */
@TemplateExtension
public final class Markdown {

    private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create(), AutolinkExtension.create(),
            TaskListItemsExtension.create());
    private static final Parser PARSER = Parser.builder().extensions(EXTENSIONS).build();
    private static final HtmlRenderer RENDERER = HtmlRenderer.builder()
            .extensions(EXTENSIONS)
            .escapeHtml(true)
            .sanitizeUrls(true)
            .urlSanitizer(new DefaultUrlSanitizer(List.of("http", "https", "mailto")))
            .attributeProviderFactory(context -> (node, tagName, attributes) -> {
                if (node instanceof Link) {
                    attributes.put("rel", "noopener noreferrer nofollow");
                } else if (node instanceof TaskListItemMarker marker && "input".equals(tagName)) {
                    // A checkbox needs a name for screen readers; the item's text follows it.
                    attributes.put("aria-label", marker.isChecked() ? "Ticked" : "Not ticked");
                }
            })
            .build();

    /**
     * HTML already rendered, keyed by the text's SHA-256: a text is rendered once per version, not on every view.
     * Bounded by the characters of HTML kept (about 32 MB of heap at most).
     */
    private static final Cache<String, String> RENDERED = Caffeine.newBuilder()
            .maximumWeight(16_000_000)
            .weigher((String hash, String html) -> hash.length() + html.length())
            .build();

    private Markdown() {
    }

    public static String toHtml(String markdown) {
        if (markdown == null || markdown.isBlank()) {
            return "";
        }
        return RENDERED.get(TextHash.sha256(markdown), hash -> RENDERER.render(PARSER.parse(markdown)));
    }

    /** {@code {section.text.markdown}} in a template. */
    static RawString markdown(String text) {
        return new RawString(toHtml(text));
    }
}
