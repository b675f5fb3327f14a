package io.hindsight.postmortem;

import io.quarkus.arc.Arc;
import io.quarkus.qute.TemplateExtension;

import java.time.Instant;
import java.util.List;

/** Who wrote a postmortem, as its page says it: {@code {postmortem.authorship}}. */
@TemplateExtension
public class Authorship {

    /** The contributors in the order they first edited it. */
    public record Line(List<Contributor> contributors) {
        public boolean isEmpty() {
            return contributors.isEmpty();
        }

        /** "Ana Ruiz", "Ana Ruiz and Ben Ode", "Ana Ruiz, Ben Ode and Cy Lin". */
        public String names() {
            List<String> names = contributors.stream().map(c -> c.user.name).toList();
            if (names.size() <= 1) {
                return String.join("", names);
            }
            return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
        }

        public Instant firstEdit() {
            return contributors.stream().map(c -> c.firstEditAt).min(Instant::compareTo).orElse(null);
        }

        public Instant lastEdit() {
            return contributors.stream().map(c -> c.lastEditAt).max(Instant::compareTo).orElse(null);
        }
    }

    static Line authorship(Postmortem postmortem) {
        return new Line(Arc.container().instance(PostmortemService.class).get().contributors(postmortem));
    }
}
