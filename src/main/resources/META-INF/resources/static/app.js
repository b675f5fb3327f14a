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
