package io.hindsight.actionitem;

import io.hindsight.validation.PlainName;
import io.hindsight.validation.StorableTime;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import java.time.LocalDate;

/** A new or edited action item, from the page form or the API. */
public record ActionItemDraft(
        @NotBlank(message = "Say what will be done.")
        @Size(max = 200, message = "Keep the title under 200 characters.")
        @PlainName(message = "Remove the invisible characters that change the direction in which the title is shown "
                + "(U+202A–U+202E, U+2066–U+2069).")
        String title,
        Long ownerId,
        @StorableTime(message = "Choose a due date between 1970 and 9999.")
        LocalDate dueOn,
        @NotNull(message = "Choose a priority.")
        ActionItem.Priority priority,
        @NotNull(message = "Choose whether it helps detect, mitigate or prevent.")
        ActionItem.Kind kind,
        @Size(max = 500, message = "Keep the link under 500 characters.")
        @Pattern(regexp = "^(https?://\\S+)?$", message = "Tracker links start with https:// or http://.")
        String trackerUrl) {
}
