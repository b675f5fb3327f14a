// Progressive enhancement only: every page works without this file.
// 1. Tells the server the viewer's time zone (cookie "tz") so times are shown in it from the next page on.
// 2. Asks before a form is sent when its submit button (or the form) carries data-confirm="question";
//    without JavaScript the form is simply sent.
(function () {
  "use strict";
  var zone;
  try { zone = Intl.DateTimeFormat().resolvedOptions().timeZone; } catch (e) { return; }
  if (!zone) { return; }
  var current = document.cookie.split("; ").filter(function (c) { return c.indexOf("tz=") === 0; })[0];
  var encoded = encodeURIComponent(zone);
  if (current !== "tz=" + encoded) {
    document.cookie = "tz=" + encoded + "; Path=/; Max-Age=31536000; SameSite=Lax";
  }
})();

(function () {
  "use strict";
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var button = event.submitter;
    var question = (button && button.getAttribute("data-confirm")) || (form && form.getAttribute && form.getAttribute("data-confirm"));
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  });
})();

// 3. On the new-incident form, shows similar past incidents once a title is typed, from the server (the
//    "Check for similar incidents" button does the same without JavaScript, by posting the form).
(function () {
  "use strict";
  var box = document.getElementById("similar-suggestions");
  var form = box && box.closest ? box.closest("form") : null;
  if (!form || !window.fetch || !window.URLSearchParams) { return; }
  var names = ["title", "summary", "affectedServices", "tags"];
  var last = "";
  function refresh() {
    var title = form.elements.namedItem("title");
    if (!title || !title.value.trim()) { return; }
    var params = new URLSearchParams();
    names.forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field) { params.set(name, field.value); }
    });
    var query = params.toString();
    if (query === last) { return; }
    last = query;
    fetch("/incidents/new/similar?" + query, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) { if (html !== null && last === query) { box.innerHTML = html; } })
      .catch(function () { /* the button still works */ });
  }
  names.forEach(function (name) {
    var field = form.elements.namedItem(name);
    if (field) { field.addEventListener("change", refresh); }
  });
})();

// 4. Lets keyboard users scroll what scrolls sideways: a table or code block wider than its box (on a phone,
//    say) takes the focus, and the arrow keys then scroll it. Boxes that fit stay out of the tab order.
(function () {
  "use strict";
  function mark() {
    var boxes = document.querySelectorAll(".table-wrap, .prose pre, .prose table");
    for (var i = 0; i < boxes.length; i++) {
      var box = boxes[i];
      if (box.scrollWidth > box.clientWidth + 1) {
        if (!box.hasAttribute("tabindex")) {
          box.setAttribute("tabindex", "0");
          box.setAttribute("data-scroll-focus", "");
        }
      } else if (box.hasAttribute("data-scroll-focus")) {
        box.removeAttribute("tabindex");
        box.removeAttribute("data-scroll-focus");
      }
    }
  }
  mark();
  window.addEventListener("resize", mark);
})();
