// Progressive enhancement only: every page works without this file.
// Tells the server the viewer's time zone (cookie "tz") so times are shown in it from the next page on.
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
