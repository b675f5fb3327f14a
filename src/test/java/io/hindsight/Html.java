package io.hindsight;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads what a person sees in the portal's HTML: the value in an input, the text of a textarea,
 * the message under a field. Deliberately small and tied to the markup of templates/tags/.
 */
public final class Html {

    private Html() {
    }

    /** The value of the input named {@code name}, unescaped, or empty when there is no such input. */
    public static Optional<String> inputValue(String html, String name) {
        Matcher input = Pattern.compile("<input[^>]*\\bname=\"" + Pattern.quote(name) + "\"[^>]*>").matcher(html);
        if (!input.find()) {
            return Optional.empty();
        }
        Matcher value = Pattern.compile("\\bvalue=\"([^\"]*)\"").matcher(input.group());
        return Optional.of(value.find() ? unescape(value.group(1)) : "");
    }

    /** The text of the textarea named {@code name}, unescaped. */
    public static Optional<String> textarea(String html, String name) {
        Matcher m = Pattern.compile("<textarea[^>]*\\bname=\"" + Pattern.quote(name) + "\"[^>]*>(.*?)</textarea>", Pattern.DOTALL)
                .matcher(html);
        return m.find() ? Optional.of(unescape(m.group(1))) : Optional.empty();
    }

    /** The value of the selected option of the select named {@code name}, if any is selected. */
    public static Optional<String> selected(String html, String name) {
        Matcher select = Pattern.compile("<select[^>]*\\bname=\"" + Pattern.quote(name) + "\"[^>]*>(.*?)</select>", Pattern.DOTALL)
                .matcher(html);
        if (!select.find()) {
            return Optional.empty();
        }
        Matcher option = Pattern.compile("<option value=\"([^\"]*)\" selected>").matcher(select.group(1));
        return option.find() ? Optional.of(unescape(option.group(1))) : Optional.empty();
    }

    /** The message shown under the field {@code name} (class {@code field-error}), if any. */
    public static Optional<String> fieldError(String html, String name) {
        Matcher m = Pattern.compile("<p class=\"field-error\" id=\"" + Pattern.quote(name) + "-error\">(.*?)</p>", Pattern.DOTALL)
                .matcher(html);
        return m.find() ? Optional.of(unescape(m.group(1))) : Optional.empty();
    }

    /** How many field errors the page shows. */
    public static int fieldErrorCount(String html) {
        Matcher m = Pattern.compile("class=\"field-error\"").matcher(html);
        int count = 0;
        while (m.find()) {
            count++;
        }
        return count;
    }

    /** The flash message shown at the top of the page, if any. */
    public static Optional<String> flash(String html) {
        Matcher m = Pattern.compile("<div class=\"flash flash-[a-z]+\" role=\"status\">(.*?)</div>", Pattern.DOTALL).matcher(html);
        return m.find() ? Optional.of(unescape(m.group(1))) : Optional.empty();
    }

    public static String unescape(String text) {
        return text.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'")
                .replace("&#x27;", "'").replace("&amp;", "&");
    }
}
